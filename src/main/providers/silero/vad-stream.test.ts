import { describe, expect, it, vi } from 'vitest';
import { makeFrame, type AudioFrame } from '../../engine/audio/frame';
import type { VADEvent } from '../../engine/vad/vad';
import { createMemoryLogger } from '../../log';
import { framesOf } from './detect-segments';
import type { ModelSampleRate, VadModel } from './onnx-model';
import { parseSileroOptions, type SileroVadOptionsInput } from './options';
import { createResampler } from './resampler';
import { SileroVAD } from './silero-vad';
import { downmixToMono, SileroVadStream, type SileroStreamDeps } from './vad-stream';

/** Loud windows are "speech": lets the stream's plumbing be checked without the network. */
class EnergyModel implements VadModel {
  readonly windowSamples: number;
  readonly windows: Float32Array[] = [];
  constructor(readonly sampleRate: ModelSampleRate) {
    this.windowSamples = sampleRate === 16000 ? 512 : 256;
  }
  async infer(window: Float32Array): Promise<number> {
    this.windows.push(window);
    let sum = 0;
    for (const x of window) sum += x * x;
    return Math.sqrt(sum / window.length) > 0.05 ? 0.95 : 0.02;
  }
}

/** A 200 Hz tone in [onMs, offMs) inside `totalMs` of silence. */
function toneIn(totalMs: number, onMs: number, offMs: number, rate: number): Int16Array {
  return Int16Array.from({ length: Math.round((totalMs * rate) / 1000) }, (_, i) => {
    const t = (i / rate) * 1000;
    return t >= onMs && t < offMs ? Math.round(8000 * Math.sin((2 * Math.PI * 200 * i) / rate)) : 0;
  });
}

function makeStream(options: SileroVadOptionsInput = {}, extra: Partial<SileroStreamDeps> = {}) {
  const models: EnergyModel[] = [];
  const resamplers: Array<[number, number]> = [];
  const stream = new SileroVadStream(parseSileroOptions(options), {
    modelSampleRate: 16000,
    createModel: (rate) => {
      const m = new EnergyModel(rate);
      models.push(m);
      return m;
    },
    createResampler: async (from, to) => {
      resamplers.push([from, to]);
      return createResampler(from, to);
    },
    ...extra,
  });
  return { stream, models, resamplers };
}

async function collect(stream: SileroVadStream, frames: AudioFrame[]): Promise<VADEvent[]> {
  for (const f of frames) stream.pushFrame(f);
  stream.endInput();
  const events: VADEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('SileroVadStream', () => {
  it.each([48000, 22050, 16000])(
    'windows %i Hz input into 32 ms of 16 kHz and finds the tone where it is',
    async (rate) => {
      const { stream, models, resamplers } = makeStream();
      const audio = toneIn(3000, 1000, 2000, rate);
      const events = await collect(stream, framesOf(audio, rate, 1, 10));
      expect(resamplers).toEqual(rate === 16000 ? [] : [[rate, 16000]]);
      expect(models[0].windows.every((w) => w.length === 512)).toBe(true);
      const windows = events.filter((e) => e.type === 'inference_done');
      expect(windows.length).toBeGreaterThanOrEqual(92);
      expect(windows.length).toBeLessThanOrEqual(93);
      windows.forEach((e, i) => expect(e.timestamp).toBe((i + 1) * 32));
      // Each window hands out the input-rate audio it covered, with no drift over 3 s.
      const handed = windows.reduce((n, e) => n + e.frames[0].samplesPerChannel, 0);
      expect(handed).toBe(Math.round((windows.length * 512 * rate) / 16000));
      const start = events.find((e) => e.type === 'start_of_speech');
      const end = events.find((e) => e.type === 'end_of_speech');
      expect(Math.abs((start?.timestamp ?? 0) - (start?.speechDurationMs ?? 0) - 1000)).toBeLessThanOrEqual(
        32,
      );
      expect(Math.abs((end?.timestamp ?? 0) - (end?.silenceDurationMs ?? 0) - 2000)).toBeLessThanOrEqual(32);
    },
  );

  it('runs 8 kHz input natively when the model is set to 8 kHz', async () => {
    const { stream, models, resamplers } = makeStream({}, { modelSampleRate: 8000 });
    const events = await collect(stream, framesOf(toneIn(1000, 200, 600, 8000), 8000));
    expect(resamplers).toEqual([]);
    expect(models[0].sampleRate).toBe(8000);
    expect(models[0].windows.every((w) => w.length === 256)).toBe(true);
    expect(events.filter((e) => e.type === 'inference_done')).toHaveLength(31);
  });

  it('downmixes interleaved channels by averaging', () => {
    const mono = downmixToMono(makeFrame(Int16Array.from([100, 300, -50, 50, 32767, 32767]), 48000, 2));
    expect(Array.from(mono)).toEqual([200, 0, 32767]);
  });

  it('drops frames at another sample rate and logs it, as upstream', async () => {
    const logger = createMemoryLogger();
    const { stream } = makeStream({}, { logger });
    const frames = [
      ...framesOf(new Int16Array(1600), 16000),
      makeFrame(new Int16Array(4800), 48000),
      ...framesOf(new Int16Array(1600), 16000),
    ];
    const events = await collect(stream, frames);
    expect(events.filter((e) => e.type === 'inference_done')).toHaveLength(6);
    expect(logger.records).toContainEqual(
      expect.objectContaining({ level: 'error', expected: 16000, got: 48000 }),
    );
  });

  it('applies option updates to the next window', async () => {
    const { stream } = makeStream({ minSilenceDurationMs: 2000 });
    const audio = toneIn(4000, 500, 1500, 16000);
    const it = stream[Symbol.asyncIterator]();
    const events: VADEvent[] = [];
    const readUntil = async (ms: number) => {
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        events.push(r.value);
        if (r.value.type === 'inference_done' && r.value.timestamp === ms) return;
      }
    };
    // Exactly 63 windows (2016 ms): half a second into the silence, still speaking.
    for (const f of framesOf(audio.subarray(0, 63 * 512), 16000)) stream.pushFrame(f);
    await readUntil(2016);
    expect(events.at(-1)?.speaking).toBe(true);
    stream.updateOptions(parseSileroOptions({ minSilenceDurationMs: 300 }));
    for (const f of framesOf(audio.subarray(63 * 512), 16000)) stream.pushFrame(f);
    stream.endInput();
    await readUntil(-1);
    const end = events.find((e) => e.type === 'end_of_speech');
    expect(end?.timestamp).toBe(2048);
    expect(end?.silenceDurationMs).toBe(544);
  });

  it('close stops processing, ends iteration, and refuses more input', async () => {
    const { stream, models } = makeStream();
    for (const f of framesOf(new Int16Array(16000 * 10), 16000)) stream.pushFrame(f);
    await stream.close();
    expect(models.length === 0 || models[0].windows.length < 312).toBe(true);
    const rest: VADEvent[] = [];
    for await (const e of stream) rest.push(e);
    expect(rest.length).toBeLessThan(312);
    expect(() => stream.pushFrame(makeFrame(new Int16Array(160), 16000))).toThrow(/stream is closed/);
    await stream.close();
  });

  it('refuses input after endInput', async () => {
    const { stream } = makeStream();
    stream.endInput();
    expect(() => stream.pushFrame(makeFrame(new Int16Array(160), 16000))).toThrow(/input already ended/);
    expect(() => stream.flush()).toThrow(/input already ended/);
    await stream.close();
  });

  it('surfaces a model failure to the consumer', async () => {
    const stream = new SileroVadStream(parseSileroOptions(), {
      modelSampleRate: 16000,
      createModel: (rate) => ({
        sampleRate: rate,
        windowSamples: 512,
        infer: () => Promise.reject(new Error('onnx exploded')),
      }),
      createResampler,
    });
    stream.pushFrame(makeFrame(new Int16Array(1024), 16000));
    stream.endInput();
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toThrow('onnx exploded');
    await stream.close();
  });

  it('a consumer that stops early does not break the stream: later audio is still taken and judged', async () => {
    const logger = createMemoryLogger();
    const { stream, models } = makeStream({}, { logger });
    for (const f of framesOf(toneIn(2000, 0, 2000, 16000), 16000)) stream.pushFrame(f);
    const seen: string[] = [];
    for await (const e of stream) {
      seen.push(e.type);
      if (e.type === 'start_of_speech') break;
    }
    expect(seen.at(-1)).toBe('start_of_speech');
    expect(seen).not.toContain('end_of_speech');
    // The producer (the audio forwarder) does not know the reader left: its frames and its end of
    // input are accepted, not thrown back at it.
    expect(() => {
      for (const f of framesOf(toneIn(1000, 0, 500, 16000), 16000)) stream.pushFrame(f);
      stream.endInput();
    }).not.toThrow();
    // Every window of the 3 s is still judged (3 s x 16 kHz / 512 samples = 93 whole windows), and
    // the events nobody reads are dropped quietly: no error, no warning.
    await vi.waitFor(() => expect(models[0].windows).toHaveLength(93));
    await stream.close();
    expect(models).toHaveLength(1);
    expect(logger.records).toEqual([]);
  });
});

describe('SileroVAD', () => {
  it('validates updates, forwards them to open streams, and forgets closed ones', async () => {
    const vad = await SileroVAD.load({ activationThreshold: 0.6 });
    try {
      expect(vad.activationThreshold).toBe(0.6);
      expect(vad.deactivationThreshold).toBeCloseTo(0.45, 10);
      const a = vad.stream();
      const b = vad.stream();
      expect(vad.openStreams).toBe(2);
      await b.close();
      expect(vad.openStreams).toBe(1);
      expect(() => vad.updateOptions({ activationThreshold: 2 })).toThrow(/silero\.activationThreshold/);
      expect(vad.activationThreshold).toBe(0.6);
      vad.updateOptions({ activationThreshold: 0.7 });
      expect(vad.options.activationThreshold).toBe(0.7);
      expect(vad.deactivationThreshold).toBeCloseTo(0.55, 10);
      await a.close();
    } finally {
      await vad.close();
    }
    expect(() => vad.stream()).toThrow(/closed/);
  });

  it('rejects bad options before loading anything', async () => {
    await expect(SileroVAD.load({ prefixPaddingMs: -5 })).rejects.toThrow(/silero\.prefixPaddingMs/);
    await expect(SileroVAD.load({}, { sampleRate: 44100 as never })).rejects.toThrow(
      /8000 or 16000 Hz, got sampleRate 44100/,
    );
  });
});
