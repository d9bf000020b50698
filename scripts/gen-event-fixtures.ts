/**
 * Writes engine event fixtures for the UI's e2e tests and benchmark from the acceptance
 * scenarios: each scenario runs headless on the virtual clock (the real engine, simulated
 * providers) and its events are saved as e2e/fixtures/<name>.events.json, plus demo.events.json
 * that chains several scenarios into one session so every lane has something to show.
 * Regenerate after engine changes: `npx tsx scripts/gen-event-fixtures.ts`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { EngineEvent } from '../src/shared/engine-events';
import { executeScenario, parseScenario } from '../src/main/simulation/index';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'e2e', 'fixtures');

/** The scenarios chained into the demo session, in order: tool call, interruptions, preemptive. */
export const DEMO_SCENARIOS = [
  'tests/scenarios/02-tool-call-with-preamble.scenario.json',
  'tests/scenarios/04-vad-interruption-without-resume.scenario.json',
  'tests/scenarios/extra/03-false-interruption-while-speaking-resumes.scenario.json',
  'tests/scenarios/extra/04-preemptive-generation-used.scenario.json',
  'tests/scenarios/08-false-interruption-before-speaking-resumes.scenario.json',
  'tests/scenarios/11-min-consecutive-speech-delay.scenario.json',
  'tests/scenarios/extra/01-unknown-tool-error-output.scenario.json',
];

export interface EventFixture {
  name: string;
  source: string[];
  events: EngineEvent[];
}

const ID_FIELDS = new Set(['speechId', 'requestId', 'callId', 'id']);
/** Fields of events that hold a session-clock time (besides `t`). */
const EVENT_TIME_FIELDS = [
  'speechStartedAt',
  'speechEndedAt',
  'userStoppedAt',
  'transcriptAt',
  'endOfTurnAt',
  'hookStartedAt',
  'firstTextAt',
  'textReadyAt',
] as const;

/** Copies a value, prefixing every id-like string field so chained runs never share an id. */
function relabel<T>(value: T, prefix: string): T {
  if (Array.isArray(value)) return value.map((v) => relabel(v, prefix)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = ID_FIELDS.has(k) && typeof v === 'string' ? `${prefix}${v}` : relabel(v, prefix);
  }
  return out as T;
}

/**
 * Shifts a run's events by `offsetMs` and prefixes its ids; `close` events are dropped so the
 * chained session stays open until its very end.
 */
export function chainRun(events: readonly EngineEvent[], offsetMs: number, prefix: string): EngineEvent[] {
  const out: EngineEvent[] = [];
  for (const e of events) {
    if (e.type === 'close') continue;
    const copy = relabel(e, prefix);
    copy.t = e.t + offsetMs;
    // Session-clock times an event carries besides `t` move with it.
    const times = copy as unknown as Record<string, unknown>;
    for (const k of EVENT_TIME_FIELDS) if (typeof times[k] === 'number') times[k] += offsetMs;
    if (copy.type === 'metrics_collected')
      copy.metrics = { ...copy.metrics, timestamp: copy.metrics.timestamp + offsetMs };
    if (copy.type === 'conversation_item_added')
      copy.item = { ...copy.item, createdAt: copy.item.createdAt + offsetMs };
    out.push(copy);
  }
  return out;
}

/** Repeats a session end to end until it holds at least `count` events (for the benchmark). */
export function repeatSession(events: readonly EngineEvent[], count: number, gapMs = 1000): EngineEvent[] {
  if (events.length === 0) return [];
  const span = events[events.length - 1].t - events[0].t + gapMs;
  const out: EngineEvent[] = [];
  for (let round = 0; out.length < count; round++) {
    for (const e of chainRun(events, round * span, `r${round}_`)) out.push(e);
  }
  return out.slice(0, count);
}

/**
 * Actions added to a scenario before it runs, so the demo also shows hot config changes (the
 * acceptance files pin behaviour and carry none); they land before the user speaks.
 */
const EXTRA_ACTIONS: Record<string, unknown[]> = {
  'tests/scenarios/02-tool-call-with-preamble.scenario.json': [
    { atMs: 100, updateInstructions: 'You are a helpful assistant. Keep answers short.' },
    { atMs: 200, updateOptions: { minEndpointingDelayMs: 400 } },
  ],
};

async function runEvents(file: string): Promise<EngineEvent[]> {
  const path = resolve(root, file);
  const json = JSON.parse(await readFile(path, 'utf8')) as { actions?: unknown[] };
  json.actions = [...(json.actions ?? []), ...(EXTRA_ACTIONS[file] ?? [])];
  const loaded = parseScenario(json, path);
  if (!loaded.ok)
    throw new Error(`${file}: ${loaded.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  const run = await executeScenario(loaded.scenario);
  if (run.runFailures.length > 0)
    throw new Error(`${file}: ${run.runFailures.map((f) => f.message).join('; ')}`);
  return run.record.events;
}

const slug = (file: string) => basename(file).replace(/\.scenario\.json$/, '');

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const demo: EngineEvent[] = [];
  let offset = 0;
  for (const [i, file] of DEMO_SCENARIOS.entries()) {
    const events = await runEvents(file);
    const fixture: EventFixture = { name: slug(file), source: [file], events };
    await writeFile(resolve(outDir, `${slug(file)}.events.json`), JSON.stringify(fixture));
    const chained = chainRun(events, offset, `s${i}_`);
    demo.push(...chained);
    offset = (chained.at(-1)?.t ?? offset) + 1500;
    console.log(`${slug(file)}: ${events.length} events`);
  }
  const fixture: EventFixture = { name: 'demo', source: DEMO_SCENARIOS, events: demo };
  await writeFile(resolve(outDir, 'demo.events.json'), JSON.stringify(fixture));
  console.log(`demo: ${demo.length} events over ${Math.round(offset / 1000)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
