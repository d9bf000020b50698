import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioConfigSchema, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import { MAX_DIFF_TIMELINE_EVENTS } from '../../shared/recording-diff';
import type { RecordingManifest } from '../../shared/recording';
import { fixtureEvents, fixtureManifest, writeFixtureRecording } from '../export/testing/fixture-recording';
import { openRecording } from '../recording';
import type { Logger } from '../log';
import type { OpenedRecording } from '../recording/api';
import { RerunConfigError } from '../replay/config-edit';
import { createDiffHandlers, type RerunFn } from './diff-commands';
import { studioRerun } from './studio-rerun';

const logger: Logger = { log: () => undefined };

function opened(manifest: RecordingManifest, events: EngineEvent[], closed: string[]): OpenedRecording {
  return {
    id: manifest.id,
    path: `/recordings/${manifest.id}`,
    version: 2,
    manifest,
    summary: {} as OpenedRecording['summary'],
    eventCount: events.length,
    notices: [],
    readEvents: async (from, count) => events.slice(from, from + count),
    readEventsInTime: async (fromT, toT) => events.filter((e) => e.t >= fromT && e.t < toT),
    async *events() {
      yield* events;
    },
    readAudio: async () => null,
    close: async () => {
      closed.push(manifest.id);
    },
  };
}

/** The fixture with every end of turn (and what follows it) `laterMs` later. */
function later(events: EngineEvent[], laterMs: number): EngineEvent[] {
  return events.map((e) =>
    e.type === 'end_of_turn'
      ? { ...e, t: e.t + laterMs, delayMs: e.delayMs + laterMs }
      : e.type === 'conversation_item_added' && e.item.type === 'message' && e.item.role === 'user'
        ? { ...e, t: e.t + laterMs, item: { ...e.item, createdAt: e.item.createdAt + laterMs } }
        : e,
  );
}

function setup(opts: { rerun?: RerunFn; current?: StudioConfig; bEvents?: EngineEvent[] } = {}) {
  const closed: string[] = [];
  const recs = new Map<string, () => OpenedRecording>([
    ['rec-a', () => opened(fixtureManifest({ id: 'rec-a' }), fixtureEvents(), closed)],
    [
      'rec-b',
      () =>
        opened(
          fixtureManifest({ id: 'rec-b', source: { id: 'rec-a', path: '/recordings/rec-a' } }),
          opts.bEvents ?? later(fixtureEvents(), 300),
          closed,
        ),
    ],
  ]);
  const reruns: { sourceId: string; config: StudioConfig }[] = [];
  const handlers = createDiffHandlers({
    library: {
      open: async (id) => {
        const make = recs.get(id);
        if (!make) throw new Error(`no recording "${id}"`);
        return make();
      },
    },
    logger,
    currentConfig: () => opts.current ?? StudioConfigSchema.parse({}),
    rerun:
      opts.rerun ??
      (async ({ source, config }) => {
        reruns.push({ sourceId: source.id, config });
        return { id: 'rec-new', clock: 'virtual', notes: ['a note'] };
      }),
  });
  return { handlers, closed, reruns };
}

describe('diffRecordings', () => {
  it('compares two runs turn by turn and returns both timelines', async () => {
    const { handlers, closed } = setup();
    const r = await handlers.diffRecordings({ a: 'rec-a', b: 'rec-b' });
    if (!r.ok) throw new Error(r.error.message);
    const { report, a, b } = r.value;
    expect(report.turns).toHaveLength(2);
    expect(report.turns.map((t) => t.delta.endOfTurnMs)).toEqual([300, 300]);
    expect(report.turns[0].a?.transcript).toBe('What is the weather?');
    expect([a.id, a.startT, a.endT, a.events.length, a.eventCount, a.sourceId]).toEqual([
      'rec-a',
      1000,
      11_000,
      fixtureEvents().length,
      fixtureEvents().length,
      null,
    ]);
    expect(b.sourceId).toBe('rec-a');
    expect(closed.sort()).toEqual(['rec-a', 'rec-b']);
  });

  it('cuts a long run’s timeline and says how many events it has', async () => {
    const many: EngineEvent[] = Array.from({ length: MAX_DIFF_TIMELINE_EVENTS + 10 }, (_, i) => ({
      t: 1000 + i,
      type: 'vad_inference',
      probability: 0,
      speechDurationMs: 0,
      silenceDurationMs: 0,
      speaking: false,
    }));
    const { handlers } = setup({ bEvents: many });
    const r = await handlers.diffRecordings({ a: 'rec-a', b: 'rec-b' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.b.events).toHaveLength(MAX_DIFF_TIMELINE_EVENTS);
    expect(r.value.b.eventCount).toBe(MAX_DIFF_TIMELINE_EVENTS + 10);
  });

  it('names the recording that cannot be opened, and closes the other', async () => {
    const { handlers, closed } = setup();
    const r = await handlers.diffRecordings({ a: 'rec-a', b: 'missing' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'failed', field: 'b' });
    expect(r.error.message).toContain('no recording "missing"');
    expect(closed).toEqual(['rec-a']);
  });
});

describe('rerunRecording', () => {
  it('re-runs with main’s current config when none is given, and answers the new id', async () => {
    const current = StudioConfigSchema.parse({ options: { minEndpointingDelayMs: 900 } });
    const { handlers, reruns, closed } = setup({ current });
    const r = await handlers.rerunRecording({ id: 'rec-a' });
    expect(r).toEqual({
      ok: true,
      value: { id: 'rec-new', sourceId: 'rec-a', clock: 'virtual', notes: ['a note'] },
    });
    expect(reruns[0].sourceId).toBe('rec-a');
    expect(reruns[0].config.options.minEndpointingDelayMs).toBe(900);
    expect(closed).toEqual(['rec-a']);
  });

  it('runs the config it is given', async () => {
    const { handlers, reruns } = setup();
    await handlers.rerunRecording({ id: 'rec-a', config: { options: { minEndpointingDelayMs: 1200 } } });
    expect(reruns[0].config.options.minEndpointingDelayMs).toBe(1200);
  });

  it('refuses a config that is not valid before running anything, naming the field', async () => {
    const { handlers, reruns } = setup();
    const r = await handlers.rerunRecording({
      id: 'rec-a',
      config: { options: { minEndpointingDelayMs: -5 } },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'invalid_input', field: 'config.options.minEndpointingDelayMs' });
    expect(reruns).toEqual([]);
  });

  it('names the field of a config the re-run cannot run', async () => {
    const { handlers, closed } = setup({
      rerun: async () => {
        throw new RerunConfigError(
          'providers.llm: a virtual re-run replays the recorded LLM',
          'providers.llm',
        );
      },
    });
    const r = await handlers.rerunRecording({ id: 'rec-a' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'config.providers.llm' } });
    expect(closed).toEqual(['rec-a']);
  });

  it('reports a re-run that fails and still closes the source', async () => {
    const { handlers, closed } = setup({
      rerun: async () => {
        throw new Error('providers.llm: openai needs an API key');
      },
    });
    await expect(handlers.rerunRecording({ id: 'rec-a' })).rejects.toThrow(/providers.llm/);
    expect(closed).toEqual(['rec-a']);
  });
});

describe('re-run and diff on the virtual clock, through the recording module', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('a raised minEndpointingDelayMs ends the re-run’s turns later, and the diff says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-rerun-'));
    dirs.push(dir);
    writeFixtureRecording(dir);
    const source = fixtureManifest().id;
    const library = { open: (id: string) => openRecording(dir, id) };
    const recorded = StudioConfigSchema.parse(fixtureManifest().config);
    const handlers = createDiffHandlers({
      library,
      logger,
      currentConfig: () => ({ ...recorded, options: { ...recorded.options, minEndpointingDelayMs: 1400 } }),
      rerun: studioRerun({
        recordingsDir: dir,
        logger,
        redact: (s) => s,
        appVersion: 'test',
        createProviders: () => {
          throw new Error('a virtual re-run builds no providers');
        },
      }),
    });
    const rerun = await handlers.rerunRecording({ id: source });
    if (!rerun.ok) throw new Error(rerun.error.message);
    expect(rerun.value.clock).toBe('virtual');
    const diff = await handlers.diffRecordings({ a: source, b: rerun.value.id });
    if (!diff.ok) throw new Error(diff.error.message);
    expect(diff.value.b.sourceId).toBe(source);
    const first = diff.value.report.turns[0];
    expect(first.a?.transcript).toBe('What is the weather?');
    expect(first.delta.endOfTurnMs).toBeGreaterThan(500);
  });
});
