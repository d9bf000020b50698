/**
 * The agent track of a recording holds what was played, not what was sent ahead: the studio's
 * speakers (PacedAudioOutput) forward PCM a chunk ahead of the clock, and a clear must not leave
 * that lead in agent.wav. The output's tap feeds a real recording writer here, as the studio's
 * recorder does, on the virtual clock.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFrame } from '../engine/audio/frame';
import { VirtualClock } from '../engine/base/virtual-clock';
import { createRecordingWriter, openRecording } from '../recording';
import { scratch, STARTED_AT_MS, writerOptions } from '../recording/testing/recordings';
import { PacedAudioOutput } from './paced-audio-output';

const RATE = 24000;
const PER_MS = RATE / 1000;

describe('agent.wav through the paced output', () => {
  it('a segment cleared at 305 ms leaves exactly its first 305 ms, then silence until the next one', async () => {
    const dir = join(scratch(), 'recordings');
    const clock = new VirtualClock(0);
    const writer = createRecordingWriter(writerOptions(dir, { startedAtT: 0 }));
    const rendererGot: number[] = [];
    const out = new PacedAudioOutput(clock, {
      chunkMs: 100,
      onChunk: (c) => rendererGot.push(c.data.length),
    });
    out.tap((c) => writer.pushAudio('agent', c.tMs, c));
    // 1 s of 10 ms frames, frame k filled with k + 1; the TTS delivers it all at once.
    for (let k = 0; k < 100; k++) await out.captureFrame(makeFrame(new Int16Array(240).fill(k + 1), RATE, 1));
    out.flush();
    await clock.runUntil(305);
    expect(out.clearBuffer()).toBe(305);
    // The renderer had been sent more than had played (its lead); the recording must not keep it.
    expect(rendererGot.reduce((a, b) => a + b, 0)).toBeGreaterThan(305 * PER_MS);
    await clock.runUntil(1000);
    for (let k = 0; k < 20; k++) await out.captureFrame(makeFrame(new Int16Array(240).fill(500), RATE, 1));
    out.flush();
    await clock.runUntil(2000);
    out.dispose();
    await writer.close({ reason: 'stopped', endT: 2000, endedAtMs: STARTED_AT_MS + 2000 });

    const rec = await openRecording(dir, writer.id);
    expect(rec.notices).toEqual([]);
    const track = (await rec.readAudio('agent', 0, 1300))!;
    expect(track).toMatchObject({ sampleRate: RATE, channels: 1 });
    expect(track.startT).toBeCloseTo(0, 1);
    const played = Int16Array.from({ length: 305 * PER_MS }, (_, i) => Math.floor(i / 240) + 1);
    expect(track.data.subarray(0, 305 * PER_MS)).toEqual(played);
    expect(track.data.subarray(305 * PER_MS, 1000 * PER_MS).every((v) => v === 0)).toBe(true);
    expect(track.data.subarray(1000 * PER_MS, 1200 * PER_MS).every((v) => v === 500)).toBe(true);
    expect(track.data.length).toBe(1200 * PER_MS);
  });
});
