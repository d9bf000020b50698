/**
 * A recording as a scenario file (format v1, tests/scenarios): the recorded user replayed
 * (speech timings from the VAD, transcripts from the final STT events, typed turns and timed
 * actions), the recorded LLM replies, TTS durations and tool results scripted, and — for an
 * export — expectations pinning the agent states, the chat items and the key events it produced.
 * A re-run builds the same scenario without expectations and with the edited config.
 *
 * What cannot be scripted exactly (a failed LLM request, one key answered two ways, tool outputs
 * no single result reproduces) is listed in `notes`, never papered over.
 */
import {
  AgentConfigSchema,
  SessionOptionsSchema,
  type AgentConfig,
  type StudioConfig,
  type ToolSpec,
} from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import { parseScenario, type Scenario } from '../simulation/scenario-loader';
import { fillTemplate, START_AGENT_ID } from '../agents-config';
import type { ScenarioFile } from '../simulation/scenario-schema';
import { sessionFacts, type SessionFacts, type ToolRunFact } from './session-facts';
import {
  closeStartT,
  ms,
  rel,
  replyTimings,
  speechTimings,
  toolDelays,
  type ReplyTimings,
} from './scenario-timing';

/** The scenario file as JSON (the input form of ScenarioFileSchema). */
export type ScenarioJson = Record<string, unknown> & { name: string; script: unknown[]; actions: unknown[] };

export interface ScenarioBuildOptions {
  /** Scenario name (unique in its folder). */
  name: string;
  description?: string;
  /** Pin what the recorded agent did (an export); false for a re-run, which only replays. */
  expect: boolean;
  /** With expectations: also pin when things happened (`atMs`, within `toleranceMs`). */
  pinTimes?: boolean;
  toleranceMs?: number;
  /**
   * A re-run with an edited config: the recorded Stop is replayed only when it cut the user's
   * speech (the close commits it); otherwise a close at the recorded time would cut what the
   * edited config does later (a longer endpointing delay ends the turn after the Stop) — the run
   * plays out the user's input and drains instead.
   */
  rerun?: boolean;
}

export interface ScenarioBuild {
  json: ScenarioJson;
  /** The validated scenario, ready for the runner. */
  scenario: Scenario;
  notes: string[];
}

export class ScenarioExportError extends Error {
  override name = 'ScenarioExportError';
}

/** A config's agents as scenario agents (MCP servers are the studio's, not the scenario's). */
function scenarioAgent(a: StudioConfig['agent']): AgentConfig {
  const { mcpServers: _mcp, ...rest } = a;
  return AgentConfigSchema.parse(rest);
}

function parseArgs(text: string): Record<string, unknown> | string {
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // not JSON: scripted verbatim, as the recording has it
  }
  return text;
}

/**
 * Tool specs that give the recorded outputs (the config's where it reproduces them, else the
 * recorded output) after the recorded time (`delayMs`).
 */
function scriptTools(
  agents: Record<string, AgentConfig>,
  runs: ToolRunFact[],
  delays: Map<string, number>,
  notes: string[],
): void {
  const names = [...new Set(runs.map((r) => r.name))];
  for (const name of names) {
    const mine = runs.filter((r) => r.name === name && r.output !== null);
    const holders = Object.values(agents).filter((a) => a.tools.some((t) => t.name === name));
    const reproduces = (spec: ToolSpec): boolean =>
      mine.every((r) => {
        const args = parseArgs(r.arguments);
        if (r.isError) return spec.error !== undefined && (r.output ?? '').includes(spec.error);
        if (spec.error !== undefined || spec.result == null) return false;
        return typeof args === 'object' && fillTemplate(spec.result, args) === r.output;
      });
    const outputs = [...new Set(mine.map((r) => `${r.isError ? 'E' : 'R'}${r.output}`))];
    const literal = (spec: Partial<ToolSpec>): Partial<ToolSpec> => {
      const first = mine[0];
      if (!first) return spec;
      if (outputs.length > 1)
        notes.push(
          `tool ${name} returned ${outputs.length} different outputs; the scenario returns the first every time`,
        );
      const { result: _r, error: _e, ...rest } = spec;
      return first.isError ? { ...rest, error: first.output ?? '' } : { ...rest, result: first.output };
    };
    const delay = delays.get(name);
    if (holders.length === 0) {
      // A tool the config does not define (an MCP server's): scripted from what it returned.
      const spec = {
        name,
        description: 'recorded tool (scripted from the recording)',
        parameters: { type: 'object' as const, properties: {} },
        delayMs: delay ?? 0,
        ...literal({}),
      };
      for (const a of Object.values(agents)) a.tools.push(toolSpec(spec));
      notes.push(`tool ${name} is not in the config (an MCP tool?): scripted with its recorded output`);
      continue;
    }
    for (const a of holders) {
      a.tools = a.tools.map((t) => {
        if (t.name !== name) return t;
        const timed = delay === undefined ? t : { ...t, delayMs: delay };
        return reproduces(t) ? timed : toolSpec({ ...timed, ...literal(timed) });
      });
    }
  }
}

function toolSpec(spec: Partial<ToolSpec> & { name: string }): ToolSpec {
  const base: ToolSpec = {
    name: spec.name,
    description: '',
    parameters: { type: 'object', properties: {} },
    delayMs: 0,
    closeSession: false,
    ignoreOnEnter: false,
  };
  return { ...base, ...spec };
}

function userScript(f: SessionFacts, options: StudioConfig['options'], notes: string[]): unknown[] {
  const out: unknown[] = [];
  let lastEnd = 0;
  const timings = speechTimings(f, options.minInterruptionDurationMs, notes);
  f.speeches.forEach((sp, i) => {
    let { startMs } = timings[i];
    const { endMs, sttDelayMs } = timings[i];
    if (startMs < lastEnd) {
      notes.push(`the user speech at ${startMs} ms overlapped the one before; it starts at ${lastEnd} ms`);
      startMs = lastEnd;
    }
    out.push({
      userSpeech: { startMs, endMs: Math.max(startMs, endMs), transcript: sp.transcript, sttDelayMs },
    });
    lastEnd = Math.max(startMs, endMs);
  });
  return out;
}

function llmScript(f: SessionFacts, timing: ReplyTimings, notes: string[]): unknown[] {
  const byKey = new Map<string, unknown>();
  const contents = new Map<string, Set<string>>();
  for (const r of f.llm) {
    if (r.error)
      notes.push(
        `LLM request ${r.requestId} failed (${r.error}); the scenario answers it with what it produced`,
      );
    if (r.key === null) {
      if (r.content || r.toolCalls.length > 0)
        notes.push(
          `LLM request ${r.requestId} had no lookup key (a reply without instructions); its answer is not scripted`,
        );
      continue;
    }
    const timed = timing.llm.get(r.requestId);
    const item = {
      input: r.key,
      content: r.content,
      toolCalls: r.toolCalls.map((c) => ({
        name: c.name,
        arguments: parseArgs(c.arguments),
        callId: c.callId,
      })),
      ...(timed ?? {}),
    };
    const seen = contents.get(r.key) ?? new Set<string>();
    seen.add(JSON.stringify([item.content, item.toolCalls]));
    contents.set(r.key, seen);
    byKey.delete(r.key);
    byKey.set(r.key, { llm: item });
  }
  for (const [key, seen] of contents)
    if (seen.size > 1)
      notes.push(
        `the LLM answered "${key.slice(0, 60)}" ${seen.size} different ways; the scenario gives the last answer every time`,
      );
  return [...byKey.values()];
}

function ttsScript(f: SessionFacts, timing: ReplyTimings, notes: string[]): unknown[] {
  const byText = new Map<string, { tts: Record<string, number | string> }>();
  for (const s of f.tts) {
    if (!s.text) continue;
    if (s.audioDurationMs === null) {
      notes.push(`TTS request ${s.requestId} has no metrics; its audio duration is unknown and not scripted`);
      continue;
    }
    const prev = byText.get(s.text);
    if (prev && s.cancelled) continue;
    const timed = timing.tts.get(s.requestId) ?? { ttfbMs: 0, durationMs: 0 };
    byText.set(s.text, { tts: { input: s.text, audioDurationMs: ms(s.audioDurationMs), ...timed } });
  }
  return [...byText.values()];
}

const OPTION_NAMES = new Set(Object.keys(SessionOptionsSchema.shape));

function actions(f: SessionFacts, rerun: boolean, notes: string[]): unknown[] {
  const out: Record<string, unknown>[] = [];
  const stopT = closeStartT(f);
  for (const a of f.actions) {
    const atMs = rel(f, a.t);
    // a typed turn goes through the text input, so it interrupts as it did in the session
    if (a.kind === 'typed') out.push({ atMs, userText: a.text });
    else if (a.kind === 'say')
      out.push({
        atMs,
        say: {
          text: a.text,
          ...(a.allowInterruptions === undefined ? {} : { allowInterruptions: a.allowInterruptions }),
        },
      });
    else if (a.kind === 'interrupt') out.push({ atMs, interrupt: { force: a.force } });
    else if (a.kind === 'updateInstructions') out.push({ atMs, updateInstructions: a.instructions });
    else if (a.kind === 'updateOptions') {
      if (!OPTION_NAMES.has(a.field)) {
        notes.push(`option change "${a.field}" at ${atMs} ms is not a session option; not replayed`);
        continue;
      }
      const prev = out.at(-1);
      if (prev && prev.atMs === atMs && prev.updateOptions)
        (prev.updateOptions as Record<string, unknown>)[a.field] = a.value;
      else out.push({ atMs, updateOptions: { [a.field]: a.value } });
    }
  }
  // The Stop that cut the session short: the close begins when it did, whatever was going on.
  // A re-run keeps it only when it cut the user's speech — one under way when the Stop was
  // pressed; the user's turns are then its to end. A speech the caller began while the close
  // was still draining (waiting for a tool, say) was not cut by the Stop: it is played out.
  const cutByStop = stopT !== null && f.speeches.some((s) => s.reportedEndT === null && s.startT < stopT);
  if (stopT !== null && rerun && !cutByStop)
    notes.push(
      `the Stop at ${rel(f, stopT)} ms is not replayed: it cut no user speech, and a close at the recorded time would cut what the edited config does later; the re-run plays out the user's input and drains`,
    );
  else if (stopT !== null) out.push({ atMs: rel(f, stopT), close: {} });
  return out;
}

/** Key events pinned by an export: what the agent did that a reader of the timeline looks for. */
function keyEvents(f: SessionFacts, pin: (t: number) => { atMs?: number }, notes: string[]): unknown[] {
  const out: unknown[] = [];
  for (const ev of f.events) {
    if (ev.type === 'close') break;
    if (ev.type === 'tool_execution')
      out.push({
        type: ev.type,
        phase: ev.phase,
        name: ev.name,
        ...(ev.phase === 'end' ? { isError: ev.isError ?? false } : {}),
        ...pin(ev.t),
      });
    else if (ev.type === 'interruption' && ev.cause === 'stt') {
      // A live STT's interim can beat the VAD to it mid-speech; the scripted STT's interims come
      // after the speech, so the scripted VAD interrupts instead: the cause is not pinned.
      notes.push(
        `the interruption at ${rel(f, ev.t)} ms came from an interim transcript mid-speech, which the scripted STT does not give; the scripted VAD interrupts instead (the cause is not pinned)`,
      );
      out.push({ type: ev.type, paused: ev.paused, ...pin(ev.t) });
    } else if (ev.type === 'interruption' && ev.cause !== 'close')
      out.push({ type: ev.type, cause: ev.cause, paused: ev.paused, ...pin(ev.t) });
    else if (
      ev.type === 'speech_lifecycle' &&
      ev.state === 'interrupted' &&
      ev.cause !== 'close' &&
      ev.cause !== undefined
    )
      out.push({ type: ev.type, state: ev.state, cause: ev.cause, ...pin(ev.t) });
    else if (ev.type === 'agent_false_interruption')
      out.push({ type: ev.type, resumed: ev.resumed, ...pin(ev.t) });
    else if (ev.type === 'agent_handoff' && ev.oldAgentId !== null)
      out.push({ type: ev.type, newAgentId: ev.newAgentId, ...pin(ev.t) });
  }
  return out;
}

function expectations(f: SessionFacts, pinTimes: boolean, notes: string[]): Record<string, unknown> {
  const pin = (t: number) => (pinTimes ? { atMs: rel(f, t) } : {});
  const count = (type: EngineEvent['type']) => f.events.filter((e) => e.type === type).length;
  const agentStates = f.events.flatMap((e) =>
    e.type === 'agent_state_changed' ? [pinTimes ? { state: e.newState, ...pin(e.t) } : e.newState] : [],
  );
  const conversationItems = f.messages.map(({ t, item }) =>
    // What an interrupted reply holds depends on how far it got: pinned as interrupted only.
    item.interrupted
      ? { role: item.role, interrupted: true, ...pin(t) }
      : { role: item.role, content: item.content, interrupted: false, ...pin(t) },
  );
  const errors = count('error');
  return {
    agentStates,
    conversationItems,
    events: keyEvents(f, pin, notes),
    eventCounts: {
      function_tools_executed: count('function_tools_executed'),
      agent_false_interruption: count('agent_false_interruption'),
      // Errors of real providers cannot happen in a scripted run: pinned only when there were none.
      ...(errors === 0 ? { error: 0 } : {}),
    },
  };
}

/** The audio output could pause if it ever did; a studio output can (the default). */
function canPause(f: SessionFacts): boolean {
  const interruptions = f.events.filter((e) => e.type === 'interruption');
  if (interruptions.some((e) => e.type === 'interruption' && e.paused)) return true;
  return interruptions.length === 0;
}

/** The session's agents by engine id, for the facts. */
export function agentsById(config: StudioConfig): Record<string, AgentConfig> {
  const out: Record<string, AgentConfig> = { [START_AGENT_ID]: scenarioAgent(config.agent) };
  for (const [k, v] of Object.entries(config.agents)) out[k] = scenarioAgent(v);
  return out;
}

/** Builds the scenario of a recording's events with `config` (the recorded one for an export, the edited one for a re-run). */
export function buildScenario(
  events: readonly EngineEvent[] | SessionFacts,
  config: StudioConfig,
  opts: ScenarioBuildOptions,
): ScenarioBuild {
  const agents = agentsById(config);
  const facts = Array.isArray(events)
    ? sessionFacts(events as EngineEvent[], { agents })
    : (events as SessionFacts);
  const notes = [...facts.notes];
  const toolAgents = agentsById(config);
  scriptTools(toolAgents, facts.tools, toolDelays(facts, notes), notes);
  const { [START_AGENT_ID]: start, ...others } = toolAgents;
  const timing = replyTimings(facts, notes);
  const script = [
    ...userScript(facts, config.options, notes),
    ...llmScript(facts, timing, notes),
    ...ttsScript(facts, timing, notes),
  ];
  const acts = actions(facts, opts.rerun ?? false, notes);
  const lastInput = Math.max(
    0,
    // as the runner counts it (runEndMs): a speech's end plus its STT delay
    ...script.flatMap((e) => {
      const sp = (e as { userSpeech?: { endMs: number; sttDelayMs: number } }).userSpeech;
      return sp ? [sp.endMs + sp.sttDelayMs] : [];
    }),
    ...acts.map((a) => (a as { atMs: number }).atMs),
  );
  const closeT = facts.events.find((e) => e.type === 'close')?.t ?? facts.endT;
  const drainAfterMs = Math.min(60_000, Math.max(5000, rel(facts, closeT) - lastInput));
  const json: ScenarioJson = {
    name: opts.name,
    description: opts.description ?? '',
    options: { ...config.options },
    agent: start,
    ...(Object.keys(others).length > 0 ? { agents: others } : {}),
    audioOutput: { canPause: canPause(facts) },
    script,
    actions: acts,
    drainAfterMs,
    toleranceMs: opts.toleranceMs ?? 250,
    ...(opts.expect ? { expect: expectations(facts, opts.pinTimes ?? true, notes) } : {}),
  };
  const parsed = parseScenario(json);
  if (!parsed.ok)
    throw new ScenarioExportError(
      `the scenario built from the recording is not valid: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  return { json, scenario: parsed.scenario, notes: [...new Set(notes)] };
}

export type { ScenarioFile };
