import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsData } from '../../../shared/engine-events';
import { frameDurationMs } from '../../engine/audio/frame';
import { VirtualClock } from '../../engine/base/virtual-clock';
import type { SynthesizedAudio } from '../../engine/tts/tts';
import { OpenAITestServer, tonePcm } from '../testing/openai-test-server';
import { collect, waitFor } from '../testing/wait-for';
import { ProviderError } from '../common/provider-error';
import { OpenAITTS, type OpenAITTSOptions } from './tts';

let server: OpenAITestServer;
let clock: VirtualClock;

beforeEach(async () => {
  server = await OpenAITestServer.start({ lifetimeMs: 15_000, msPerChar: 10 });
  clock = new VirtualClock();
});
afterEach(async () => {
  await server.close();
});

function makeTts(extra: Partial<OpenAITTSOptions> = {}): OpenAITTS {
  return new OpenAITTS({
    model: 'gpt-4o-mini-tts',
    voice: 'alloy',
    apiKey: server.apiKey,
    baseURL: server.url,
    clock,
    ...extra,
  });
}

const FIRST = 'Hello there, this is the first sentence.';
const SECOND = 'And here comes the second one, a little longer.';

function samplesOf(items: SynthesizedAudio[]): Int16Array {
  const out = new Int16Array(items.reduce((n, i) => n + i.frame.data.length, 0));
  let off = 0;
  for (const i of items) {
    out.set(i.frame.data, off);
    off += i.frame.data.length;
  }
  return out;
}

describe('OpenAITTS', () => {
  it('splits streamed text into sentences, requests them in order and frames the PCM exactly', async () => {
    const tts = makeTts({ instructions: 'Speak warmly.' });
    const stream = tts.stream();
    const text = `${FIRST} ${SECOND}`;
    for (let i = 0; i < text.length; i += 7) stream.pushText(text.slice(i, i + 7));
    stream.endInput();
    const { items, error } = await collect(stream);

    expect(error).toBeUndefined();
    expect(server.requests.map((r) => r.body.input)).toEqual([FIRST, SECOND]);
    expect(server.requests[0].body).toMatchObject({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      response_format: 'pcm',
      instructions: 'Speak warmly.',
    });

    // The server writes 999-byte chunks: samples straddle chunks and must come out intact.
    const expected = Buffer.concat([tonePcm(FIRST.length * 10), tonePcm(SECOND.length * 10)]);
    const got = samplesOf(items);
    expect(got.length * 2).toBe(expected.length);
    expect(Buffer.from(got.buffer).equals(expected)).toBe(true);

    // 20 ms frames at 24 kHz; the first sentence is 400 ms (whole frames), the second 470 ms
    // ends with a 10 ms frame: frames never mix two requests.
    expect(items.every((i) => i.frame.sampleRate === 24000 && i.frame.channels === 1)).toBe(true);
    expect(items.map((i) => i.frame.samplesPerChannel).filter((n) => n !== 480)).toEqual([240]);
    expect(items).toHaveLength(20 + 24);
    const totalMs = items.reduce((ms, i) => ms + frameDurationMs(i.frame), 0);
    expect(totalMs).toBeCloseTo((FIRST.length + SECOND.length) * 10, 6);

    // One segment: one final frame, the last one.
    expect(items.map((i) => i.isFinal).lastIndexOf(true)).toBe(items.length - 1);
    expect(items.filter((i) => i.isFinal)).toHaveLength(1);
    expect(new Set(items.map((i) => i.segmentId)).size).toBe(1);
  });

  it('ends a segment at each flush with a final frame', async () => {
    const stream = makeTts().stream();
    stream.pushText('Short one.');
    stream.flush();
    stream.pushText('Another short one.');
    stream.endInput();
    const { items } = await collect(stream);
    const finals = items.filter((i) => i.isFinal);
    expect(finals).toHaveLength(2);
    expect(finals[0].segmentId).not.toBe(finals[1].segmentId);
    expect(server.requests.map((r) => r.body.input)).toEqual(['Short one.', 'Another short one.']);
  });

  it('measures ttfb and duration on the clock and reports tts metrics per request', async () => {
    let release!: () => void;
    server.enqueue('speech', { kind: 'pcm', durationMs: 100, gate: new Promise<void>((r) => (release = r)) });
    const metrics: MetricsData[] = [];
    const stream = makeTts({ onMetrics: (m) => metrics.push(m) }).synthesize('Exactly this text.');
    const result = collect(stream);
    await server.waitForRequests(1);
    await clock.advance(120);
    release();
    const { items } = await result;
    expect(items.reduce((ms, i) => ms + frameDurationMs(i.frame), 0)).toBeCloseTo(100, 6);
    expect(metrics).toHaveLength(1);
    const m = metrics[0];
    if (m.type !== 'tts') throw new Error('expected tts metrics');
    expect(m.ttfbMs).toBeCloseTo(120, 1);
    expect(m.durationMs).toBeGreaterThanOrEqual(m.ttfbMs);
    expect(m).toMatchObject({
      audioDurationMs: 100,
      charactersCount: 18,
      cancelled: false,
      label: 'openai.TTS',
      requestId: 'speech-1',
    });
  });

  it('closing mid-audio aborts the HTTP request', async () => {
    server.enqueue('speech', { kind: 'pcm', durationMs: 5000, chunkBytes: 960, chunkDelayMs: 5 });
    const stream = makeTts().synthesize('A long, long text.');
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    await stream.close();
    await server.waitForClientClose(1);
    expect((await it.next()).done).toBe(true);
  });

  it('aborting the signal stops the stream without an error', async () => {
    server.enqueue('speech', { kind: 'pcm', durationMs: 5000, chunkBytes: 960, chunkDelayMs: 5 });
    const ctrl = new AbortController();
    const stream = makeTts().stream({ signal: ctrl.signal });
    stream.pushText('Some words to say.');
    stream.endInput();
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    ctrl.abort();
    await server.waitForClientClose(1);
    const rest = await collect({ [Symbol.asyncIterator]: () => it });
    expect(rest.error).toBeUndefined();
  });

  it('retries a 500 before any audio, but not a cut after audio started', async () => {
    server.enqueue('speech', { kind: 'status', status: 500 }, { kind: 'pcm', durationMs: 60 });
    const tts = makeTts({ retry: { initialDelayMs: 40 }, onRetry: () => void clock.advance(40) });
    const ok = await collect(tts.synthesize('First try fails.'));
    expect(ok.error).toBeUndefined();
    expect(ok.items.reduce((ms, i) => ms + frameDurationMs(i.frame), 0)).toBeCloseTo(60, 6);
    expect(server.requests).toHaveLength(2);

    server.enqueue('speech', { kind: 'cut', afterBytes: 4000 });
    const cut = await collect(tts.synthesize('This one breaks.'));
    expect(cut.items.length).toBeGreaterThan(0);
    const e = cut.error as ProviderError;
    expect(e.code).toBe('stream_interrupted');
    expect(e.message).toMatch(
      /audio stream .* broke after the audio had started \(\d+ ms of audio already sent\)/,
    );
    await waitFor(() => server.requests.length === 3, 'cut request');
    expect(server.requests).toHaveLength(3);
  });

  it('a wrong key fails with the key name and no audio', async () => {
    const { items, error } = await collect(makeTts({ apiKey: 'sk-bad-bad-bad-123' }).synthesize('Hi.'));
    expect(items).toHaveLength(0);
    expect((error as ProviderError).message).toMatch(/^OPENAI_API_KEY was rejected \(401\)/);
  });
});
