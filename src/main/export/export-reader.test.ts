/**
 * The exporters on a recording as the v2 reader opens it from disk (manifest, events.jsonl,
 * user.wav and agent.wav of the fixture), not on in-memory stand-ins.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readWav } from '../io/wav';
import { openRecording } from '../recording';
import { exportOtlp } from './otlp-export';
import { fixtureEvents, fixtureManifest, writeFixtureRecording } from './testing/fixture-recording';
import { exportWav } from './wav-mix';

describe('export from a recording folder', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function fixture(): string {
    const dir = mkdtempSync(join(tmpdir(), 'export-rec-'));
    dirs.push(dir);
    writeFixtureRecording(dir);
    return dir;
  }

  it('--wav: user left from t=1000, agent right from t=1500, at 24 kHz', async () => {
    const dir = fixture();
    const rec = await openRecording(dir, fixtureManifest().id);
    try {
      const out = join(dir, 'mix.wav');
      const mix = await exportWav(rec, out);
      expect(mix.notices).toEqual([]);
      const wav = readWav(out);
      expect([wav.channels, wav.sampleRate]).toEqual([2, 24_000]);
      // The agent starts 500 ms after the user: its channel is silent for the first 12,000 frames.
      const right = (i: number) => wav.data[i * 2 + 1];
      const left = (i: number) => wav.data[i * 2];
      expect(Array.from({ length: 11_900 }, (_, i) => right(i)).every((x) => x === 0)).toBe(true);
      expect(Array.from({ length: 2_000 }, (_, i) => Math.abs(right(12_100 + i))).some((x) => x > 4000)).toBe(
        true,
      );
      expect(Array.from({ length: 2_000 }, (_, i) => Math.abs(left(100 + i))).some((x) => x > 4000)).toBe(
        true,
      );
      expect(wav.data.length / 2).toBe(36_000);
    } finally {
      await rec.close();
    }
  });

  it('--otlp: every recorded event read back becomes the same span tree', async () => {
    const dir = fixture();
    const rec = await openRecording(dir, fixtureManifest().id);
    try {
      expect(rec.eventCount).toBe(fixtureEvents().length);
      const file = join(dir, 'trace.json');
      const r = await exportOtlp(rec, { kind: 'file', path: file });
      const req = JSON.parse(readFileSync(file, 'utf8')) as {
        resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[];
      };
      const names = req.resourceSpans[0].scopeSpans[0].spans.map((s) => s.name);
      expect(names.length).toBe(r.spanCount);
      expect(names.filter((n) => n === 'user_turn')).toHaveLength(2);
      expect(names.filter((n) => n === 'function_tool')).toHaveLength(1);
    } finally {
      await rec.close();
    }
  });
});
