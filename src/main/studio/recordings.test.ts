import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../../tests/fixtures/temp-dirs';
import { hostRig } from './testing/host-rig';
import { V1_VERSION } from '../recording';
import { createRecordingLibrary } from './recording-library';

const tmp = tempDirs('studio-recordings-');

/** A version 1 recording as the studio wrote them before format v2: header, events, end line. */
function v1Lines(sessionId: string, events: unknown[]): string[] {
  const header = {
    version: V1_VERSION,
    sessionId,
    createdAt: '2026-01-01T00:00:00.000Z',
    config: hostRig().host.getConfig(),
  };
  const end = { type: 'recording_end', durationMs: 1000, eventCount: events.length };
  return [header, ...events, end].map((v) => JSON.stringify(v));
}

describe('session recordings', () => {
  it('an id that could leave the directory is refused as invalid_input', async () => {
    const r = hostRig({ recordingsDir: tmp() });
    for (const id of ['../etc/passwd', 'a/b', '..', 'x.jsonl']) {
      const res = await r.host.handlers.openRecording({ id });
      expect(res.ok ? null : res.error.code).toBe('invalid_input');
    }
  });

  it('a malformed line is a clear error naming file and line; list skips the file and logs why', async () => {
    const dir = tmp();
    const good = v1Lines('good_1', [{ type: 'warning', t: 5, source: 'x', message: 'm' }]);
    writeFileSync(join(dir, 'good_1.jsonl'), `${good.join('\n')}\n`);
    writeFileSync(join(dir, 'bad_1.jsonl'), [good[0], '{"type":"warning","t":1', good[2], ''].join('\n'));

    const library = createRecordingLibrary(dir);
    await expect(library.open('bad_1')).rejects.toThrow(/bad_1\.jsonl: line 2 is not valid JSON/);
    const r = hostRig({ recordingsDir: dir });
    const res = await r.host.handlers.openRecording({ id: 'bad_1' });
    expect(res.ok ? '' : `${res.error.code} ${res.error.message}`).toMatch(/^failed .*bad_1\.jsonl: line 2 /);
    const listed = await library.list();
    expect(listed.recordings.map((x) => [x.id, x.eventCount])).toEqual([['good_1', 1]]);
    expect(listed.problems).toEqual([
      { id: 'bad_1', message: expect.stringMatching(/bad_1\.jsonl: line 2/) },
    ]);
    expect(await (await library.open('good_1')).readEvents(0, 10)).toHaveLength(1);
    await expect(library.open('missing')).rejects.toThrow(/no recording "missing"/);
  });
});
