import { describe, expect, it } from 'vitest';
import type { AudioFrame } from '../../engine';
import { ioConfig, ioRig, realtimeConfig, REALTIME_KEY_NAME } from './testing/io-rig';
import { openRecordedAudio, type RecordedAudioPlan } from './recorded-audio-io';

/** 100 ms of 16 kHz mono audio, each sample its own index (so frames show where they came from). */
const AUDIO = { sampleRate: 16000, channels: 1, data: Int16Array.from({ length: 1600 }, (_, i) => i) };

function plan(extra: Partial<RecordedAudioPlan> = {}) {
  const due: number[] = [];
  const played = { count: 0 };
  const p: RecordedAudioPlan = {
    kind: 'recorded-audio',
    config: ioConfig({ inputMode: 'microphone' }),
    audio: AUDIO,
    audioAtMs: 50,
    onFrame: (t) => due.push(t),
    onPlayed: () => void (played.count += 1),
    ...extra,
  };
  return { p, due, played };
}

async function readAll(input: AsyncIterable<AudioFrame>): Promise<number[]> {
  const firstSamples: number[] = [];
  for await (const f of input) firstSamples.push(f.data[0]);
  return firstSamples;
}

describe('RecordedAudioIO', () => {
  it('feeds the audio frame by frame at its due times, says when it is over, and releases all', async () => {
    const r = ioRig();
    const { p, due, played } = plan();
    const { io } = await openRecordedAudio(p, r.ctx);
    expect(io.mic).toBeNull();
    await io.start(r.control);
    expect(io.pendingWork()).toEqual(['recorded audio playback']);
    await r.clock.advance(200);
    // 20 ms frames from t = 50 (audioAtMs after the start).
    expect(due.map((t) => Math.round(t))).toEqual([50, 70, 90, 110, 130]);
    expect(played.count).toBe(1);
    expect(io.pendingWork()).toEqual([]);
    expect(await readAll(io.audioInput!)).toEqual([0, 320, 640, 960, 1280]);
    io.end();
    io.halt();
    await io.release();
    expect(r.providers.closed).toBe(1);
    expect(io.pendingWork()).toEqual([]);
  });

  it('an end mid-audio stops feeding at once; nothing is left after release', async () => {
    const r = ioRig();
    const { p, due, played } = plan();
    const { io } = await openRecordedAudio(p, r.ctx);
    await io.start(r.control);
    await r.clock.advance(80);
    io.end();
    io.halt();
    await io.release();
    await r.clock.advance(200);
    expect(due.map((t) => Math.round(t))).toEqual([50, 70]);
    expect(played.count).toBe(1);
    expect(io.pendingWork()).toEqual([]);
    expect(r.providers.closed).toBe(1);
  });
});

describe('RecordedAudioIO on a realtime model', () => {
  it("speaks to the renderer with the model's own voice when no TTS could be built", async () => {
    const r = ioRig({ realtime: { keys: { [REALTIME_KEY_NAME]: 'sk-test' }, ca: '' } });
    const { p } = plan({ config: realtimeConfig('https://127.0.0.1:9/v1', { inputMode: 'microphone' }) });
    const { io } = await openRecordedAudio(p, r.ctx);
    expect(r.providers.built[0].tts).toBeNull();
    expect(io.audioOutput).not.toBeNull();
    io.halt();
    await io.release();
    expect(r.providers.closed).toBe(1);
  });
});
