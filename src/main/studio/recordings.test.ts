import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudioConfigInput } from '../../shared/config';
import { createMemoryLogger } from '../log';
import { hostRig, scriptedProviders } from './host-test-rig';
import { SessionRecorder } from './recorder';
import { createRecordingLibrary } from './recording-library';

const REPLY = 'Hi! The weather is lovely today.';
const textConfig: StudioConfigInput = {
  inputMode: 'text',
  providers: {
    llm: {
      provider: 'simulated',
      ttftMs: 200,
      tokensPerSecond: 40,
      responses: [{ input: 'hello there', content: REPLY }],
    },
  },
};
const textTts = scriptedProviders([{ input: REPLY, audioDurationMs: 1500, ttfbMs: 100, durationMs: 200 }]);
const tmp = () => mkdtempSync(join(tmpdir(), 'studio-recordings-'));

describe('session recordings', () => {
  it('a text session is recorded; list shows it and open returns its events and config', async () => {
    const dir = tmp();
    const r = hostRig({ createProviders: textTts, recordingsDir: dir });
    const started = await r.drive(r.host.handlers.startSession({ config: textConfig }));
    if (!started.ok) throw new Error(started.error.message);
    await r.drive(r.host.handlers.sendText({ text: 'Hello there' }));
    await r.clock.advance(5000);
    await r.drive(r.host.handlers.stopSession({}));
    await r.host.recordingsSettled();
    const pushed = r.events();
    expect(pushed.length).toBeGreaterThan(5);

    const id = started.value.sessionId;
    const lines = readFileSync(join(dir, `${id}.jsonl`), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ version: 1, sessionId: id, config: r.host.getConfig() });
    expect(new Date(lines[0].createdAt).toISOString()).toBe(lines[0].createdAt);
    expect(lines.slice(1, -1)).toEqual(pushed);
    expect(lines.at(-1)).toEqual({
      type: 'recording_end',
      durationMs: expect.any(Number),
      eventCount: pushed.length,
    });
    expect(lines.at(-1).durationMs).toBeGreaterThanOrEqual(5000);

    const listed = await r.host.handlers.listRecordings({});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.problems).toEqual([]);
    expect(listed.value.recordings).toEqual([
      expect.objectContaining({
        id,
        startedAt: lines[0].createdAt,
        durationMs: lines.at(-1).durationMs,
        eventCount: pushed.length,
        endReason: 'closed',
        inputKind: 'text',
        version: 1,
      }),
    ]);
    const opened = await r.host.handlers.openRecording({ id });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.firstPage).toEqual(pushed);
    expect(opened.value.config).toEqual(r.host.getConfig());
    expect(r.host.pendingWork()).toEqual([]);
  });

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
