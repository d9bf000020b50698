import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordingManifest } from '../../shared/recording';
import { readWav } from '../io/wav';
import type { AudioTrackName } from '../recording/api';
import { fixtureManifest, fixtureTone } from './testing/fixture-recording';
import { AUDIO_PAGE_MS, exportWav, mixStereo, type RecordingAudio } from './wav-mix';

/** A reader over in-memory tracks: whole tracks from their offset, as a v2 reader returns them. */
function recording(
  manifest: RecordingManifest,
  tracks: Partial<Record<AudioTrackName, Int16Array | 'unreadable'>>,
): RecordingAudio & { reads: [AudioTrackName, number, number][] } {
  const reads: [AudioTrackName, number, number][] = [];
  return {
    manifest,
    reads,
    async readAudio(track, fromT, durationMs) {
      reads.push([track, fromT, durationMs]);
      const meta = manifest.audio[track];
      const data = tracks[track];
      if (!meta || data === undefined || data === 'unreadable') return null;
      // As the v2 reader does: frames of [fromT, fromT + durationMs) clamped to the track.
      const frames = data.length / meta.channels;
      const frameAt = (t: number) =>
        Math.min(frames, Math.max(0, Math.round(((t - meta.offsetMs) * meta.sampleRate) / 1000)));
      const first = frameAt(fromT);
      const end = frameAt(fromT + durationMs);
      return {
        sampleRate: meta.sampleRate,
        channels: meta.channels,
        startT: meta.offsetMs + (first * 1000) / meta.sampleRate,
        data: data.slice(first * meta.channels, end * meta.channels),
      };
    },
  };
}

const rms = (xs: ArrayLike<number>) =>
  Math.sqrt(Array.from(xs).reduce((s, x) => s + x * x, 0) / Math.max(1, xs.length));
const channel = (data: Int16Array, c: number, from: number, to: number) => {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(data[i * 2 + c]);
  return out;
};

describe('stereo mix of a recording', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('puts the user left and the agent right, each at its manifest offset, at the higher rate', async () => {
    // User: 1 s of 440 Hz at 16 kHz from t=1000; agent: 1 s of 660 Hz at 24 kHz from t=1500.
    const manifest = fixtureManifest();
    const rec = recording(manifest, { user: fixtureTone(16_000, 440), agent: fixtureTone(24_000, 660) });
    const mix = await mixStereo(rec);
    expect(mix.sampleRate).toBe(24_000);
    expect(mix.startT).toBe(1000);
    expect(mix.notices).toEqual([]);
    // Agent ends at t=2500: 1.5 s of frames.
    expect(mix.data.length / 2).toBe(36_000);
    const frameAt = (t: number) => Math.round(((t - 1000) * 24_000) / 1000);
    // 1000-1500: user only.
    expect(rms(channel(mix.data, 0, frameAt(1000), frameAt(1490)))).toBeGreaterThan(5000);
    expect(rms(channel(mix.data, 1, frameAt(1000), frameAt(1490)))).toBe(0);
    // 1500-2000: both.
    expect(rms(channel(mix.data, 1, frameAt(1510), frameAt(1990)))).toBeGreaterThan(5000);
    // 2000-2500: agent only; the user channel is silent after its second.
    expect(rms(channel(mix.data, 0, frameAt(2010), frameAt(2490)))).toBe(0);
    expect(rms(channel(mix.data, 1, frameAt(2010), frameAt(2490)))).toBeGreaterThan(5000);
    // Each track was asked for from its own offset.
    expect(rec.reads.map((r) => r.slice(0, 2))).toEqual([
      ['user', 1000],
      ['agent', 1500],
    ]);
  });

  it('writes a 2-channel PCM16 WAV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wav-mix-'));
    dirs.push(dir);
    const file = join(dir, 'mix.wav');
    const rec = recording(fixtureManifest(), {
      user: fixtureTone(16_000, 440),
      agent: fixtureTone(24_000, 660),
    });
    const mix = await exportWav(rec, file);
    const wav = readWav(file);
    expect([wav.channels, wav.sampleRate, wav.warnings]).toEqual([2, 24_000, []]);
    expect(wav.data).toEqual(mix.data);
  });

  it('leaves the channel of a missing or unreadable track silent and says so', async () => {
    const noAgent = fixtureManifest({ audio: { ...fixtureManifest().audio, agent: null } });
    const mix = await mixStereo(recording(noAgent, { user: fixtureTone(16_000, 440) }));
    expect(mix.sampleRate).toBe(16_000);
    expect(rms(channel(mix.data, 1, 0, mix.data.length / 2))).toBe(0);
    expect(mix.notices).toEqual(['agent audio: the recording has none; the right channel is silent']);

    const broken = await mixStereo(
      recording(fixtureManifest(), { user: 'unreadable', agent: fixtureTone(24_000, 660) }),
    );
    expect(broken.startT).toBe(1500);
    expect(broken.notices).toEqual(['user audio: user.wav cannot be read; the left channel is silent']);
  });

  it('reads a long track in pages and joins them without a gap', async () => {
    // 12 minutes of user audio at 8 kHz: three pages of at most 5 minutes.
    const minutes = 12;
    const long = new Int16Array(8000 * 60 * minutes);
    for (let i = 0; i < long.length; i++) long[i] = (i % 1000) + 1;
    const base = fixtureManifest();
    const manifest = fixtureManifest({
      durationMs: minutes * 60_000,
      audio: { user: { ...base.audio.user!, sampleRate: 8000 }, agent: null },
    });
    const rec = recording(manifest, { user: long });
    const mix = await mixStereo(rec);
    expect(rec.reads.filter((r) => r[0] === 'user').map((r) => r[1])).toEqual([1000, 301_000, 601_000]);
    expect(rec.reads.every((r) => r[2] <= AUDIO_PAGE_MS)).toBe(true);
    expect(mix.data.length / 2).toBe(long.length);
    const left = Array.from({ length: long.length }, (_, i) => mix.data[i * 2]);
    expect(left.every((x, i) => x === long[i])).toBe(true);
  });

  it('refuses a recording without any audio, naming it', async () => {
    const silent = fixtureManifest({ audio: { user: null, agent: null } });
    await expect(mixStereo(recording(silent, {}))).rejects.toThrow(
      /20250304-050607-fixture: no audio to export/,
    );
  });

  it('folds a stereo track to mono', async () => {
    const base = fixtureManifest();
    const manifest = fixtureManifest({
      audio: { user: { ...base.audio.user!, sampleRate: 8000, channels: 2 }, agent: null },
    });
    const mix = await mixStereo(recording(manifest, { user: Int16Array.from([100, 300, -200, -400]) }));
    expect(Array.from(mix.data)).toEqual([200, 0, -300, 0]);
  });
});
