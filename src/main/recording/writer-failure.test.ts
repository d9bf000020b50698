import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../log';
import { createRecordingWriter, listRecordings, openRecording } from './index';
import { eventAt, scratch, STARTED_AT_MS, untilLines, writerOptions } from './testing/recordings';

// A disk that fills up on demand: once `full` is set, every write to events.jsonl fails ENOSPC.
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const fh = await real.open(...args);
    if (!String(args[0]).endsWith('events.jsonl') || args[1] !== 'a') return fh;
    const write = fh.write.bind(fh) as (...a: unknown[]) => Promise<unknown>;
    (fh as unknown as { write: unknown }).write = (...a: unknown[]) =>
      disk.full
        ? Promise.reject(
            Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
          )
        : write(...a);
    return fh;
  };
  return { ...real, open, default: { ...real, open } };
});

beforeEach(() => {
  disk.full = false;
});

describe('a write error stops the recording, never the session', () => {
  it('a full disk: onFailure once, the manifest says disk_error, the events before it stay readable', async () => {
    const dir = scratch();
    const failures: string[] = [];
    const logger = createMemoryLogger();
    const w = createRecordingWriter(
      writerOptions(dir, { logger, onFailure: (m) => failures.push(m), now: () => STARTED_AT_MS + 9000 }),
    );
    for (let i = 0; i < 20; i++) w.pushEvent(eventAt(i, 1000 + i * 100));
    await untilLines(join(w.path, 'events.jsonl'), 20);
    disk.full = true;
    // The session goes on pushing; none of this throws.
    for (let i = 20; i < 40; i++) w.pushEvent(eventAt(i, 1000 + i * 100));
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    for (let i = 40; i < 60; i++) w.pushEvent(eventAt(i, 1000 + i * 100));
    w.pushAudio('user', 5000, { data: new Int16Array(160), sampleRate: 16000, channels: 1 });
    await expect(
      w.close({ reason: 'stopped', endT: 9000, endedAtMs: STARTED_AT_MS + 9000 }),
    ).resolves.toBeUndefined();
    expect(failures).toEqual([
      expect.stringMatching(/recording stopped: writing .*events\.jsonl failed \(ENOSPC/),
    ]);
    expect(logger.records).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'recording stopped: write failed' }),
    );

    const rec = await openRecording(dir, w.id);
    expect(rec.manifest).toMatchObject({ endReason: 'disk_error', endedAt: '2026-01-02T03:04:14.000Z' });
    expect(rec.eventCount).toBe(20);
    const [row] = (await listRecordings(dir)).recordings;
    expect(row).toMatchObject({ endReason: 'disk_error', eventCount: 20 });
  });

  it('the folder removed mid-run: onFailure once when the next file cannot be written', async () => {
    const dir = scratch();
    const failures: string[] = [];
    const w = createRecordingWriter(writerOptions(dir, { onFailure: (m) => failures.push(m) }));
    w.pushEvent(eventAt(0, 1000));
    await untilLines(join(w.path, 'events.jsonl'), 1);
    rmSync(w.path, { recursive: true });
    // The first audio starts a track: its manifest update and file need the folder.
    w.pushAudio('agent', 1500, { data: new Int16Array(240), sampleRate: 24000, channels: 1 });
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    w.pushAudio('agent', 1510, { data: new Int16Array(240), sampleRate: 24000, channels: 1 });
    w.pushEvent(eventAt(1, 1600));
    await w.close({ reason: 'stopped', endT: 2000, endedAtMs: STARTED_AT_MS + 1000 });
    expect(failures).toEqual([
      expect.stringMatching(/recording stopped: writing .*manifest\.json failed \(ENOENT/),
    ]);
  });
});
