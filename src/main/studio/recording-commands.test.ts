import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import { RECORDING_FORMAT, type RecordingManifest, type RecordingSummary } from '../../shared/recording';
import { MAX_RECORDING_PAGE, type CommandResult } from '../../shared/studio-api';
import { createMemoryLogger } from '../log';
import type { OpenedRecording } from '../recording/api';
import { createRecordingWriter } from '../recording';
import { eventAt, scratch, STARTED_AT_MS, writerOptions } from '../recording/testing/recordings';
import { createRecordingLibrary } from './recording-library';
import { createCommandRouter, type CommandHandlers } from './command-router';
import {
  FIRST_PAGE,
  matchesQuery,
  RecordingCommands,
  type RecordingCommandName,
  type RecordingLibrary,
} from './recording-commands';

const summary = (id: string, over: Partial<RecordingSummary> = {}): RecordingSummary => ({
  id,
  title: `Weather agent: ${id}`,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1000,
  endReason: 'stopped',
  inputKind: 'demo',
  agents: ['weather'],
  turns: 1,
  eventCount: 10,
  sizeBytes: 100,
  hasAudio: { user: true, agent: true },
  version: 2,
  sourceId: null,
  ...over,
});

/** An in-memory recording of `count` events, 10 ms apart from t = 1000; audio is a ramp. */
function fakeRecording(id: string, count: number, log: string[]): OpenedRecording {
  const events: EngineEvent[] = Array.from({ length: count }, (_, i): EngineEvent => ({
    type: 'warning',
    t: 1000 + i * 10,
    source: 'x',
    message: String(i),
  }));
  const manifest = {
    format: RECORDING_FORMAT,
    version: 2,
    id,
    startedAtT: 1000,
    config: { inputMode: 'text' },
    providers: [{ slot: 'llm', provider: 'simulated' }],
    audio: { user: { file: 'user.wav', sampleRate: 16000, channels: 1, offsetMs: 1000 }, agent: null },
  } as unknown as RecordingManifest;
  return {
    id,
    path: `/rec/${id}`,
    version: 2,
    manifest,
    summary: summary(id, { eventCount: count, durationMs: count * 10 }),
    eventCount: count,
    notices: ['agent.wav is missing: the agent is not heard'],
    readEvents: (from, n) => Promise.resolve(events.slice(from, from + n)),
    readEventsInTime: (a, b) => Promise.resolve(events.filter((e) => e.t >= a && e.t < b)),
    events: async function* () {
      yield* events;
    },
    readAudio: (track, fromT, durationMs) =>
      Promise.resolve(
        track === 'agent'
          ? null
          : { sampleRate: 16000, channels: 1, startT: fromT, data: Int16Array.from([1, -2, 3, durationMs]) },
      ),
    close: () => {
      log.push(`close ${id}`);
      return Promise.resolve();
    },
  };
}

function rig(count = 12_000, listed: RecordingSummary[] = []) {
  const log: string[] = [];
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const removed: string[] = [];
  const library: RecordingLibrary = {
    list: () =>
      Promise.resolve({ recordings: listed, problems: [{ id: 'broken', message: 'bad manifest' }] }),
    open: (id) => {
      log.push(`open ${id}`);
      if (id === 'missing') return Promise.reject(new Error(`no recording "missing"`));
      return Promise.resolve(fakeRecording(id, count, log));
    },
    remove: (id) => {
      removed.push(id);
      return Promise.resolve(id !== 'missing');
    },
  };
  const commands = new RecordingCommands({
    library,
    logger: createMemoryLogger(),
    maxOpen: 2,
    idleMs: 1000,
    setTimer: (fn) => {
      timers.set(nextTimer, fn);
      return nextTimer++;
    },
    clearTimer: (h) => timers.delete(h as number),
  });
  // The router validates input as a transport delivers it; other commands are not under test.
  const router = createCommandRouter(commands.handlers as CommandHandlers, createMemoryLogger());
  const fireTimers = async () => {
    for (const [h, fn] of [...timers]) {
      timers.delete(h);
      fn();
    }
    await new Promise((r) => setImmediate(r));
  };
  const call = <C extends RecordingCommandName>(command: C, input: unknown) =>
    router(command, input) as Promise<CommandResult<C>>;
  return { commands, call, log, removed, fireTimers };
}

describe('recording commands', () => {
  it('lists newest first, filters by title, agent or id, and passes problems through', async () => {
    const r = rig(10, [
      summary('a1', { startedAt: '2026-01-01T00:00:00Z', agents: ['billing'], title: 'Billing: refund' }),
      summary('b2', { startedAt: '2026-03-01T00:00:00Z' }),
      summary('c3', { startedAt: '2026-02-01T00:00:00Z' }),
    ]);
    const all = await r.call('listRecordings', {});
    expect(all.ok && all.value.recordings.map((x) => x.id)).toEqual(['b2', 'c3', 'a1']);
    expect(all.ok && all.value.problems).toEqual([{ id: 'broken', message: 'bad manifest' }]);
    const billing = await r.call('listRecordings', { query: 'BILLING' });
    expect(billing.ok && billing.value.recordings.map((x) => x.id)).toEqual(['a1']);
    const byId = await r.call('listRecordings', { query: 'c3' });
    expect(byId.ok && byId.value.recordings.map((x) => x.id)).toEqual(['c3']);
    expect(matchesQuery(summary('x'), 'weather x')).toBe(true);
    expect(matchesQuery(summary('x'), 'weather y')).toBe(false);
  });

  it('open answers summary, times, config, notices and one first page; pages are capped', async () => {
    const r = rig(12_000);
    const opened = await r.call('openRecording', { id: 'rec1' });
    if (!opened.ok) throw new Error(opened.error.message);
    const v = opened.value;
    expect(v).toMatchObject({
      startT: 1000,
      endT: 1000 + 120_000,
      eventCount: 12_000,
      config: { inputMode: 'text' },
      notices: ['agent.wav is missing: the agent is not heard'],
    });
    expect(v.firstPage.length).toBe(FIRST_PAGE);
    const page = await r.call('readRecordingEvents', { id: 'rec1', from: 11_000, count: 5000 });
    expect(page.ok && page.value.events.length).toBe(1000);
    expect(page.ok && page.value.from).toBe(11_000);
    const tooMany = await r.call('readRecordingEvents', {
      id: 'rec1',
      from: 0,
      count: MAX_RECORDING_PAGE + 1,
    });
    expect(tooMany.ok ? null : tooMany.error).toMatchObject({ code: 'invalid_input', field: 'count' });
    const byTime = await r.call('readRecordingEvents', { id: 'rec1', fromT: 1000, toT: 1100 });
    expect(byTime.ok && byTime.value).toMatchObject({ from: null, truncated: false });
    expect(byTime.ok && byTime.value.events.map((e) => e.t)).toEqual([
      1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070, 1080, 1090,
    ]);
    const wide = await r.call('readRecordingEvents', { id: 'rec1', fromT: 0, toT: 1e9 });
    expect(wide.ok && [wide.value.events.length, wide.value.truncated]).toEqual([MAX_RECORDING_PAGE, true]);
    // One open served them all.
    expect(r.log.filter((l) => l.startsWith('open'))).toEqual(['open rec1']);
  });

  it('refuses mixed or incomplete ranges and ids that could leave the directory, naming the field', async () => {
    const r = rig();
    for (const [input, field] of [
      [{ id: 'r', from: 0 }, 'count'],
      [{ id: 'r', from: 0, count: 10, fromT: 0, toT: 1 }, 'from'],
      [{ id: 'r', fromT: 5, toT: 1 }, 'toT'],
      [{ id: '../etc', from: 0, count: 1 }, 'id'],
    ] as const) {
      const res = await r.call('readRecordingEvents', input);
      expect(res.ok ? null : res.error, JSON.stringify(input)).toMatchObject({
        code: 'invalid_input',
        field,
      });
    }
    for (const id of ['../x', 'a/b', '..', 'a.b', '', 'x'.repeat(201), 'a\\b']) {
      const res = await r.call('deleteRecording', { id });
      expect(res.ok ? null : res.error.code, id).toBe('invalid_input');
    }
    expect(r.removed).toEqual([]);
    const audio = await r.call('readRecordingAudio', {
      id: 'r',
      track: 'user',
      fromT: 0,
      durationMs: 60_000,
    });
    expect(audio.ok ? null : audio.error).toMatchObject({ code: 'invalid_input', field: 'durationMs' });
  });

  it('audio comes back as PCM16 little-endian base64 with its time; an absent track is null', async () => {
    const r = rig();
    const res = await r.call('readRecordingAudio', { id: 'r', track: 'user', fromT: 1500, durationMs: 7 });
    if (!res.ok) throw new Error(res.error.message);
    const a = res.value.audio!;
    expect([a.track, a.sampleRate, a.channels, a.startT]).toEqual(['user', 16000, 1, 1500]);
    const bytes = Buffer.from(a.pcmBase64, 'base64');
    expect(Array.from({ length: 4 }, (_, i) => bytes.readInt16LE(i * 2))).toEqual([1, -2, 3, 7]);
    const agent = await r.call('readRecordingAudio', { id: 'r', track: 'agent', fromT: 0, durationMs: 10 });
    expect(agent.ok && agent.value.audio).toBeNull();
  });

  it('keeps at most maxOpen recordings open (least recently used closes), closes idle ones and a deleted one', async () => {
    const r = rig(10);
    await r.call('openRecording', { id: 'a' });
    await r.call('openRecording', { id: 'b' });
    await r.call('readRecordingEvents', { id: 'a', from: 0, count: 1 });
    await r.call('openRecording', { id: 'c' });
    expect(r.log).toContain('close b');
    expect(r.commands.openIds()).toEqual(['a', 'c']);
    const del = await r.call('deleteRecording', { id: 'a' });
    expect(del.ok && del.value).toEqual({ deleted: true });
    expect(r.log).toContain('close a');
    expect(r.commands.openIds()).toEqual(['c']);
    await r.fireTimers();
    expect(r.log).toContain('close c');
    expect(r.commands.openIds()).toEqual([]);
  });

  it('a failed open is a typed error with the reader message and is not cached', async () => {
    const r = rig();
    const res = await r.call('openRecording', { id: 'missing' });
    expect(res.ok ? null : res.error).toMatchObject({ code: 'failed', message: 'no recording "missing"' });
    await new Promise((done) => setImmediate(done));
    expect(r.commands.openIds()).toEqual([]);
    const del = await r.call('deleteRecording', { id: 'missing' });
    expect(del.ok && del.value).toEqual({ deleted: false });
  });
});

describe('recording commands over recordings the writer wrote', () => {
  async function written() {
    const dir = scratch();
    const w = createRecordingWriter(writerOptions(dir));
    for (let i = 0; i < 7000; i++) w.pushEvent(eventAt(i, 1000 + i * 10));
    w.pushAudio('user', 1000, { data: new Int16Array(16000).fill(3), sampleRate: 16000, channels: 1 });
    await w.close({ reason: 'stopped', endT: 71_000, endedAtMs: STARTED_AT_MS + 70_000 });
    const commands = new RecordingCommands({
      library: createRecordingLibrary(dir),
      logger: createMemoryLogger(),
    });
    const router = createCommandRouter(commands.handlers as CommandHandlers, createMemoryLogger());
    const call = <C extends RecordingCommandName>(command: C, input: unknown) =>
      router(command, input) as Promise<CommandResult<C>>;
    return { dir, id: w.id, call, commands };
  }

  it('lists, opens with a first page, pages by index and time, reads audio, deletes', async () => {
    const { id, call, commands } = await written();
    const listed = await call('listRecordings', {});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.recordings.map((r) => [r.id, r.eventCount, r.endReason])).toEqual([
      [id, 7000, 'stopped'],
    ]);
    const opened = await call('openRecording', { id });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.eventCount).toBe(7000);
    expect(opened.value.firstPage).toHaveLength(FIRST_PAGE);
    expect(opened.value.firstPage[0]).toEqual(eventAt(0, 1000));
    expect(opened.value.audio.user).not.toBeNull();
    expect(opened.value.audio.agent).toBeNull();
    const page = await call('readRecordingEvents', { id, from: 6990, count: 100 });
    expect(page.ok && page.value.events).toEqual(
      Array.from({ length: 10 }, (_, k) => eventAt(6990 + k, 70_900 + k * 10)),
    );
    const byTime = await call('readRecordingEvents', { id, fromT: 2000, toT: 2030 });
    expect(byTime.ok && byTime.value.events.map((e) => e.t)).toEqual([2000, 2010, 2020]);
    const audio = await call('readRecordingAudio', { id, track: 'user', fromT: 1500, durationMs: 100 });
    if (!audio.ok || !audio.value.audio) throw new Error('no audio');
    expect(audio.value.audio).toMatchObject({ sampleRate: 16000, channels: 1, startT: 1500 });
    const pcm = Buffer.from(audio.value.audio.pcmBase64, 'base64');
    expect(pcm.length).toBe(1600 * 2);
    expect(pcm.readInt16LE(0)).toBe(3);
    const del = await call('deleteRecording', { id });
    expect(del.ok && del.value).toEqual({ deleted: true });
    expect(commands.openIds()).toEqual([]);
    const after = await call('listRecordings', {});
    expect(after.ok && after.value.recordings).toEqual([]);
    const again = await call('deleteRecording', { id });
    expect(again.ok && again.value).toEqual({ deleted: false });
    const gone = await call('openRecording', { id });
    expect(gone.ok ? null : gone.error.code).toBe('failed');
  });
});
