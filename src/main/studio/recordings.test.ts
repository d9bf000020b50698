import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log';
import { hostRig } from './host-test-rig';
import { SessionRecorder } from './recorder';
import { createRecordingLibrary } from './recording-library';

const tmp = () => mkdtempSync(join(tmpdir(), 'studio-recordings-'));

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
    const logger = createMemoryLogger();
    const rec = new SessionRecorder({
      dir,
      sessionId: 'good_1',
      config: hostRig().host.getConfig(),
      now: () => 1000,
      redact: (t) => t,
      logger,
    });
    rec.push({ type: 'warning', t: 5, source: 'x', message: 'm' } as never);
    await rec.close();
    const good = readFileSync(join(dir, 'good_1.jsonl'), 'utf8').split('\n');
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

  it('the header passes through the redactor', async () => {
    const dir = tmp();
    const rec = new SessionRecorder({
      dir,
      sessionId: 's',
      config: hostRig().host.getConfig(),
      now: () => 0,
      redact: (t) => t.replace('"version":1', '"version":1,"redacted":true'),
      logger: createMemoryLogger(),
    });
    await rec.close();
    expect(JSON.parse(readFileSync(join(dir, 's.jsonl'), 'utf8').split('\n')[0]).redacted).toBe(true);
  });
});
