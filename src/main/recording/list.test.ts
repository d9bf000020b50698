import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteRecording, listRecordings, openRecording, RecordingError } from './index';
import { eventAt, manifestFor, scratch, writeFolder } from './testing/recordings';

const crashed = (id: string) =>
  manifestFor(id, { endedAt: null, endReason: null, durationMs: null, stats: null, startedAtT: 500 });

describe('listing recordings', () => {
  it('a crashed 140,000-event recording is listed with its real duration, counts and turns', async () => {
    const dir = scratch();
    const id = '20260102-030405-session_big';
    const { lastT, stats } = writeFolder(dir, id, 140_000, crashed(id), { t0: 500 });
    const { recordings, problems } = await listRecordings(dir);
    expect(problems).toEqual([]);
    expect(recordings).toEqual([
      expect.objectContaining({
        id,
        endReason: 'crashed',
        durationMs: lastT - 500,
        eventCount: 140_000,
        turns: stats.turns,
      }),
    ]);
    expect(stats.turns).toBe(1400);
    const rec = await openRecording(dir, id);
    expect(rec.eventCount).toBe(140_000);
    expect(rec.manifest.durationMs).toBe(lastT - 500);
    expect(await rec.readEvents(139_998, 5)).toEqual([eventAt(139_998, lastT - 10), eventAt(139_999, lastT)]);
    expect(await rec.readEventsInTime(700_000, 700_030)).toEqual(
      [0, 1, 2].map((k) => eventAt(69_950 + k, 700_000 + k * 10)),
    );
  });

  it('without an index, a crashed recording is still recounted (from the start)', async () => {
    const dir = scratch();
    const id = '20260102-030405-session_noidx';
    const { lastT, stats } = writeFolder(dir, id, 3500, crashed(id), { index: false, t0: 500 });
    const [row] = (await listRecordings(dir)).recordings;
    expect(row).toMatchObject({ durationMs: lastT - 500, eventCount: 3500, turns: stats.turns });
  });

  it('1,000 recordings list from their manifests only (events.jsonl is never read)', async () => {
    const dir = scratch();
    for (let i = 0; i < 1000; i++) {
      const id = `20260102-${String(i).padStart(6, '0')}-s${i}`;
      const folder = join(dir, id);
      mkdirSync(folder);
      // A folder where events.jsonl should be: any read of it fails (EISDIR) and would show.
      mkdirSync(join(folder, 'events.jsonl'));
      const startedAt = new Date(Date.UTC(2026, 0, 2) + i * 1000).toISOString();
      writeFileSync(
        join(folder, 'manifest.json'),
        JSON.stringify(manifestFor(id, { startedAt, durationMs: i })),
      );
    }
    const { recordings, problems } = await listRecordings(dir);
    expect(problems).toEqual([]);
    expect(recordings).toHaveLength(1000);
    expect(recordings[0]).toMatchObject({
      id: '20260102-000999-s999',
      durationMs: 999,
      endReason: 'stopped',
    });
    expect(recordings.at(-1)!.id).toBe('20260102-000000-s0');
  });

  it('a newer format version is refused naming the version; a broken manifest is a problem naming the file', async () => {
    const dir = scratch();
    const v3 = '20260102-030405-session_v3';
    writeFolder(dir, v3, 3, { ...manifestFor(v3), version: 3 });
    const bad = '20260102-030405-session_bad';
    mkdirSync(join(dir, bad));
    writeFileSync(join(dir, bad, 'manifest.json'), '{"format": "voice-agent-studio.recording", "version": 2');
    const { recordings, problems } = await listRecordings(dir);
    expect(recordings).toEqual([]);
    expect(problems).toEqual([
      { id: bad, message: expect.stringMatching(new RegExp(`${bad}/manifest.json: .*not valid JSON`)) },
      { id: v3, message: expect.stringMatching(/version 3 is newer than this studio reads/) },
    ]);
    await expect(openRecording(dir, v3)).rejects.toThrow(/recording format version 3/);
  });

  it('version 1 files (<id>.jsonl) list and open read-only; a long one without end does not vanish', async () => {
    const dir = scratch();
    const header = { version: 1, sessionId: 'session_v1', createdAt: '2025-06-01T10:00:00.000Z', config: {} };
    const events = Array.from({ length: 140_000 }, (_, i) => eventAt(i, 2000 + i * 10));
    writeFileSync(
      join(dir, 'session_v1.jsonl'),
      [header, ...events].map((l) => JSON.stringify(l)).join('\n') + '\n',
    );
    const { recordings, problems } = await listRecordings(dir);
    expect(problems).toEqual([]);
    expect(recordings).toEqual([
      expect.objectContaining({
        id: 'session_v1',
        version: 1,
        endReason: 'crashed',
        durationMs: 1_399_990,
        eventCount: 140_000,
      }),
    ]);
    const rec = await openRecording(dir, 'session_v1');
    expect(rec.version).toBe(1);
    expect(rec.notices).toEqual([expect.stringMatching(/version 1 recording \(read-only, no audio\)/)]);
    expect(await rec.readEvents(5, 2)).toEqual(events.slice(5, 7));
    expect(await rec.readAudio('user', 0, 1000)).toBeNull();
  });

  it('ids that could leave the folder are refused; delete removes a folder or a v1 file', async () => {
    const dir = scratch();
    for (const id of ['../etc', 'a/b', '..', 'x.jsonl', '']) {
      await expect(openRecording(dir, id)).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(deleteRecording(dir, id)).rejects.toBeInstanceOf(RecordingError);
    }
    const id = '20260102-030405-session_del';
    writeFolder(dir, id, 3, manifestFor(id));
    writeFileSync(join(dir, 'old.jsonl'), '');
    await deleteRecording(dir, id);
    await deleteRecording(dir, 'old');
    expect(statSync(join(dir, id), { throwIfNoEntry: false })).toBeUndefined();
    expect((await listRecordings(dir)).recordings).toEqual([]);
    await expect(deleteRecording(dir, id)).rejects.toThrow(/no recording/);
    await expect(openRecording(dir, 'missing')).rejects.toThrow(/no recording "missing"/);
    rmSync(dir, { recursive: true });
    expect(await listRecordings(dir)).toEqual({ recordings: [], problems: [] });
  });
});
