import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordingManifest } from '../../shared/recording';
import { createMemoryLogger } from '../log';
import { createRecordingWriter } from '../recording';
import { executeScenario, loadScenarioFile, parseScenario } from '../simulation';
import { editedConfig, RerunConfigError } from './config-edit';
import { diffRecordings } from './diff';
import { runScenarioRecorded, scenarioConfig } from './record-run';
import { rerunVirtual } from './rerun';
import { openRecordingPath, readAllEvents } from './source';

const DEMO = join(__dirname, '..', '..', '..', 'resources', 'demo', 'demo.scenario.json');
const common = {
  appVersion: 'test',
  redact: (s: string) => s,
  logger: createMemoryLogger(),
  createWriter: createRecordingWriter,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rerun-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function demo() {
  const loaded = await loadScenarioFile(DEMO);
  if (!loaded.ok) throw new Error('demo invalid');
  return loaded.scenario;
}

/** The demo recorded with a user track: 1 s of a ramp at t = 4000 (the first speech). */
async function recordDemoWithAudio(): Promise<string> {
  const scenario = await demo();
  const run = await executeScenario(scenario);
  const writer = createRecordingWriter({
    ...common,
    dir,
    sessionId: 'demo',
    startedAtMs: Date.UTC(2026, 0, 1),
    startedAtT: 0,
    inputKind: 'demo',
    config: scenarioConfig(scenario),
    agents: ['default_agent'],
    providers: [],
  });
  for (const ev of run.record.events) writer.pushEvent(ev);
  const samples = Int16Array.from({ length: 16000 }, (_, i) => i % 1000);
  writer.pushAudio('user', 4000, { data: samples, sampleRate: 16000, channels: 1 });
  await writer.close({
    reason: 'closed',
    endT: run.record.events.at(-1)!.t,
    endedAtMs: Date.UTC(2026, 0, 1, 0, 1),
  });
  return writer.path;
}

describe('re-run', () => {
  it('re-runs a recording with a later endpointing delay: a new linked recording, user audio aligned, later end of turn', async () => {
    const path = await recordDemoWithAudio();
    const source = await openRecordingPath(path);
    const config = editedConfig(source.manifest.config, ['options.minEndpointingDelayMs=900']);
    const result = await rerunVirtual({ ...common, source, config, recordingsDir: dir });
    expect(result.failures).toEqual([]);
    expect(result.path).not.toBeNull();
    const manifest = JSON.parse(
      await readFile(join(result.path!, 'manifest.json'), 'utf8'),
    ) as RecordingManifest;
    expect(manifest).toMatchObject({ inputKind: 'rerun', source: { id: source.id, path: source.path } });
    expect(
      (manifest.config as { options: { minEndpointingDelayMs: number } }).options.minEndpointingDelayMs,
    ).toBe(900);
    const rerun = await openRecordingPath(result.path!);
    const audio = await rerun.readAudio('user', 4000, 1000);
    expect(audio?.startT).toBe(4000);
    expect(Array.from(audio!.data.slice(0, 3))).toEqual([0, 1, 2]);
    const diff = diffRecordings(
      {
        id: source.id,
        path: source.path,
        agents: source.manifest.agents,
        events: await readAllEvents(source),
      },
      { id: rerun.id, path: rerun.path, agents: rerun.manifest.agents, events: await readAllEvents(rerun) },
    );
    expect(diff.turns[0].delta.endOfTurnMs).toBeCloseTo(400, 0);
    expect(diff.summary.b.medianEouDelayMs).toBeCloseTo(900, 0);
    await source.close();
    await rerun.close();
  });

  it('a recording stopped just after the first turn: the raised endpointing delay moves its end of turn by the raise (the Stop does not cut it)', async () => {
    // As the studio's e2e records it: Stop 400 ms after turn 1's end of turn (6500), the reply under way.
    const base = await demo();
    const scenario = {
      ...base,
      script: base.script.filter((e) => (e.userSpeech?.startMs ?? 0) < 7000),
      actions: [...base.actions.filter((a) => a.atMs < 6900), { atMs: 6900, close: {} }],
    };
    const recorded = await runScenarioRecorded({ ...common, scenario, recordingsDir: dir });
    const source = await openRecordingPath(recorded.path!);
    const a = await readAllEvents(source);
    expect(
      a.some((e) => e.type === 'speech_lifecycle' && e.state === 'interrupted' && e.cause === 'close'),
    ).toBe(true);
    const before = (source.manifest.config as { options: { minEndpointingDelayMs: number } }).options
      .minEndpointingDelayMs;
    const config = editedConfig(source.manifest.config, [`options.minEndpointingDelayMs=${before + 1500}`]);
    const result = await rerunVirtual({ ...common, source, config, recordingsDir: null });
    expect(result.failures).toEqual([]);
    const diff = diffRecordings(
      { id: 'a', path: 'a', agents: [], events: a },
      { id: 'b', path: 'b', agents: [], events: result.events },
    );
    expect(diff.turns[0].delta.endOfTurnMs).toBeCloseTo(1500, 0);
    expect(result.notes.join('\n')).toMatch(/Stop .* not replayed/);
    await source.close();
  });

  it('a live studio recording (fixture) re-run with the endpointing delay raised by 1500 ms: every answered turn ends 1500 ms later', async () => {
    const source = await openRecordingPath(join(__dirname, 'fixtures', '20261207-030115-session_53b57dd3'));
    const before = (source.manifest.config as { options: { minEndpointingDelayMs: number } }).options
      .minEndpointingDelayMs;
    const config = editedConfig(source.manifest.config, [`options.minEndpointingDelayMs=${before + 1500}`]);
    const result = await rerunVirtual({ ...common, source, config, recordingsDir: null });
    const diff = diffRecordings(
      { id: 'a', path: 'a', agents: [], events: await readAllEvents(source) },
      { id: 'b', path: 'b', agents: [], events: result.events },
    );
    // the live VAD's end of turn counts from its last tick, a few ms off the scripted one's
    for (const t of diff.turns.slice(0, 3)) expect(Math.abs(t.delta.endOfTurnMs! - 1500)).toBeLessThan(40);
    await source.close();
  });

  it('a live recording whose Stop came during the reply, the caller speaking again while the close drained: the Stop does not cut the raised end of turn', async () => {
    // Stopped at 9862 ms while the first reply's tool ran (till 10556); the close then drained
    // until 12559 and heard the caller's next words ("And what about", from 11377) begin.
    const source = await openRecordingPath(join(__dirname, 'fixtures', '20261207-044923-session_aca71aeb'));
    const before = (source.manifest.config as { options: { minEndpointingDelayMs: number } }).options
      .minEndpointingDelayMs;
    const config = editedConfig(source.manifest.config, [`options.minEndpointingDelayMs=${before + 1500}`]);
    const result = await rerunVirtual({ ...common, source, config, recordingsDir: null });
    expect(result.failures).toEqual([]);
    const diff = diffRecordings(
      { id: 'a', path: 'a', agents: [], events: await readAllEvents(source) },
      { id: 'b', path: 'b', agents: [], events: result.events },
    );
    expect(diff.turns[0].b?.transcript).toBe("Hi! What's the weather like in Tokyo right now?");
    // the live VAD's end of turn counts from its last tick, a few ms off the scripted one's
    expect(Math.abs(diff.turns[0].delta.endOfTurnMs! - 1500)).toBeLessThan(40);
    expect(result.notes.join('\n')).toMatch(/Stop .* not replayed/);
    await source.close();
  });

  it('without edits the re-run reproduces the recorded turns exactly', async () => {
    const scenario = await demo();
    const recorded = await runScenarioRecorded({ ...common, scenario, recordingsDir: dir });
    const source = await openRecordingPath(recorded.path!);
    const result = await rerunVirtual({ ...common, source, recordingsDir: null });
    const diff = diffRecordings(
      { id: 'a', path: 'a', agents: [], events: await readAllEvents(source) },
      { id: 'b', path: 'b', agents: [], events: result.events },
    );
    expect(diff.summary).toMatchObject({
      matchedTurns: 4,
      changedReplies: 0,
      changedToolCalls: 0,
      onlyInA: 0,
      onlyInB: 0,
    });
    expect(diff.turns.map((t) => t.delta.endOfTurnMs)).toEqual([0, 0, 0, 0]);
    await source.close();
  });

  it('a recording longer than the scenario cap (10 min) re-runs whole: its own length is the budget', async () => {
    // The demo with its last turn (goodbye, from 36000) moved 10 minutes later.
    const shift = 600_000;
    const raw = JSON.parse(await readFile(DEMO, 'utf8')) as {
      script: { userSpeech?: { startMs: number; endMs: number } }[];
    };
    const script = raw.script.map((e) =>
      e.userSpeech && e.userSpeech.startMs >= 36_000
        ? {
            userSpeech: {
              ...e.userSpeech,
              startMs: e.userSpeech.startMs + shift,
              endMs: e.userSpeech.endMs + shift,
            },
          }
        : e,
    );
    const parsed = parseScenario({ ...raw, script }, 'late-goodbye.scenario.json');
    if (!parsed.ok) throw new Error('the shifted demo does not load');
    const scenario = parsed.scenario;
    const recorded = await runScenarioRecorded({
      ...common,
      scenario,
      recordingsDir: dir,
      limits: { maxVirtualMs: 2 * shift },
    });
    expect(recorded.outcome.runFailures).toEqual([]);
    const source = await openRecordingPath(recorded.path!);
    const result = await rerunVirtual({ ...common, source, recordingsDir: null });
    expect(result.failures).toEqual([]);
    const diff = diffRecordings(
      { id: 'a', path: 'a', agents: [], events: await readAllEvents(source) },
      { id: 'b', path: 'b', agents: [], events: result.events },
    );
    expect(diff.summary).toMatchObject({ matchedTurns: 4, onlyInA: 0, onlyInB: 0 });
    await source.close();
  });

  it('a config that cannot be built fails before the run, naming the field', async () => {
    const path = await recordDemoWithAudio();
    const source = await openRecordingPath(path);
    expect(() => editedConfig(source.manifest.config, ['options.minEndpointingDelayMs=-5'])).toThrow(
      /options\.minEndpointingDelayMs/,
    );
    expect(() => editedConfig(source.manifest.config, ['options.nope=1'])).toThrow(/options/);
    const openai = editedConfig(source.manifest.config, ['providers.llm={"provider":"openai"}']);
    const err = await rerunVirtual({ ...common, source, config: openai, recordingsDir: dir }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RerunConfigError);
    expect((err as RerunConfigError).field).toBe('providers.llm');
    await source.close();
  });
});
