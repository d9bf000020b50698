/**
 * What a recorded session did, worked out once from its events: the user's speeches (from the
 * VAD's back-dated starts and ends) and their final transcripts, typed turns and timed actions,
 * each LLM request with its lookup key, text and tool calls, each TTS request, each tool run.
 * Export (a scenario that replays it), re-run (the same with an edited config) and diff (turns
 * side by side) all read these facts, so they agree on what happened.
 *
 * Times are `t` on the recording's event clock; `originT` is script t = 0 for an export.
 */
import type { AgentConfig } from '../../shared/config';
import type { ChatItemData, EngineEvent, EngineEventOf } from '../../shared/engine-events';
import { endOfTurnByUserMessage } from './spoken-turns';

export interface SpeechFact {
  /** When the speech really began and ended (the VAD's back-dated times). */
  startT: number;
  endT: number;
  /** Final transcripts heard for it, joined; '' for noise the STT did not transcribe. */
  transcript: string;
  /** Time of the last final transcript, null for noise. */
  finalT: number | null;
  /** When the VAD reported the start (user speaking); `startT` is back-dated from it. */
  reportedStartT: number;
  /**
   * When the VAD reported the end (user listening again); null for a speech still going on when
   * the recording ended — its `endT` is then its last final transcript (or its start).
   */
  reportedEndT: number | null;
}

export interface ToolCallFact {
  callId: string;
  name: string;
  arguments: string;
}

export interface LlmFact {
  requestId: string;
  speechId: string | null;
  startT: number;
  firstTokenT: number | null;
  endT: number | null;
  /** The scripted-LLM lookup key (format §4.3) the request had; null when it had none. */
  key: string | null;
  content: string;
  toolCalls: ToolCallFact[];
  error: string | null;
  /** The TTS request that voiced this step's text, null when none did. */
  ttsRequestId: string | null;
}

export interface TtsFact {
  requestId: string;
  speechId: string | null;
  startT: number;
  text: string;
  ttfbMs: number | null;
  durationMs: number | null;
  audioDurationMs: number | null;
  cancelled: boolean;
  /** When the first audio came (`tts_request` first_byte), null when none did. */
  firstByteT: number | null;
  /** When the segment's whole text was in, if before the first byte; null when audio came first (a streaming TTS). */
  textReadyT: number | null;
  /** When its first text came. */
  firstTextT: number | null;
}

export interface ToolRunFact extends ToolCallFact {
  speechId: string | null;
  startT: number;
  endT: number | null;
  output: string | null;
  isError: boolean;
}

export type ActionFact =
  | { kind: 'typed'; t: number; text: string }
  | { kind: 'say'; t: number; text: string; allowInterruptions: boolean | undefined }
  | { kind: 'interrupt'; t: number; force: boolean }
  | { kind: 'updateOptions'; t: number; field: string; value: unknown }
  | { kind: 'updateInstructions'; t: number; instructions: string }
  | { kind: 'generateReply'; t: number };

type Message = Extract<ChatItemData, { type: 'message' }>;
export interface MessageFact {
  /** When conversation_item_added was emitted. */
  t: number;
  item: Message;
}

export interface SessionFacts {
  originT: number;
  /** Time of the last event. */
  endT: number;
  speeches: SpeechFact[];
  llm: LlmFact[];
  tts: TtsFact[];
  tools: ToolRunFact[];
  actions: ActionFact[];
  messages: MessageFact[];
  /** Every event except the dense VAD inference ticks, in order. */
  events: EngineEvent[];
  /** Things the facts could not recover exactly; an export or re-run reports them. */
  notes: string[];
}

/** The session's agents by engine id (`default_agent` for the start agent): their hooks and tools create speech by themselves. */
export interface FactsContext {
  agents: Record<string, AgentConfig>;
}

const byType = <T extends EngineEvent['type']>(events: EngineEvent[], type: T): EngineEventOf<T>[] =>
  events.filter((e): e is EngineEventOf<T> => e.type === type);

/** Events are read once; VAD inference ticks (the bulk of a recording) are not kept. */
export async function collectEvents(
  source: AsyncIterable<EngineEvent> | Iterable<EngineEvent>,
): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const ev of source) if (ev.type !== 'vad_inference') out.push(ev);
  return out;
}

function userSpeeches(events: EngineEvent[], notes: string[]): SpeechFact[] {
  const speeches: SpeechFact[] = [];
  let open: { startT: number; reportedStartT: number } | null = null;
  for (const ev of events) {
    if (ev.type !== 'user_state_changed') continue;
    if (ev.newState === 'speaking' && open === null)
      open = { startT: ev.speechStartedAt ?? ev.t, reportedStartT: ev.t };
    else if (ev.oldState === 'speaking' && ev.newState !== 'speaking' && open !== null) {
      speeches.push({
        ...open,
        endT: Math.max(open.startT, ev.speechEndedAt ?? ev.t),
        transcript: '',
        finalT: null,
        reportedEndT: ev.t,
      });
      open = null;
    }
  }
  // Still speaking when the recording ended (stopped mid-sentence): its words may yet have been
  // committed by the close, so it is kept, with no end the VAD reported.
  if (open !== null)
    speeches.push({ ...open, endT: open.startT, transcript: '', finalT: null, reportedEndT: null });
  const finals = byType(events, 'user_input_transcribed').filter((e) => e.isFinal && e.transcript.trim());
  for (const f of finals) {
    // A final belongs to the last speech that began before it.
    const sp = [...speeches].reverse().find((s) => s.startT <= f.t);
    if (!sp) {
      // Heard without a VAD speech (no VAD, or a typed-in transcript): a speech ending at the
      // final, as long as a word takes, so the transcript still reaches the engine.
      const words = f.transcript.trim().split(/\s+/).length;
      const endT = Math.max(0, f.t - 200);
      const startT = Math.max(0, endT - words * 300);
      speeches.push({
        startT,
        endT,
        transcript: f.transcript,
        finalT: f.t,
        reportedStartT: startT,
        reportedEndT: endT,
      });
      speeches.sort((a, b) => a.startT - b.startT);
      notes.push(`a final transcript at t=${Math.round(f.t)} had no VAD speech; its timing is estimated`);
      continue;
    }
    sp.transcript = sp.transcript ? `${sp.transcript} ${f.transcript}` : f.transcript;
    sp.finalT = f.t;
    if (sp.reportedEndT === null) sp.endT = Math.max(sp.startT, f.t);
  }
  return speeches;
}

function messageFacts(events: EngineEvent[]): MessageFact[] {
  const out: MessageFact[] = [];
  for (const ev of byType(events, 'conversation_item_added'))
    if (ev.item.type === 'message') out.push({ t: ev.t, item: ev.item });
  return out;
}

function toolRuns(events: EngineEvent[]): ToolRunFact[] {
  const runs = new Map<string, ToolRunFact>();
  for (const ev of byType(events, 'tool_execution')) {
    if (ev.phase === 'start')
      runs.set(ev.callId, {
        callId: ev.callId,
        name: ev.name,
        arguments: ev.arguments,
        speechId: ev.speechId,
        startT: ev.t,
        endT: null,
        output: null,
        isError: false,
      });
    else {
      const run = runs.get(ev.callId);
      if (run) Object.assign(run, { endT: ev.t, output: ev.output ?? null, isError: ev.isError ?? false });
    }
  }
  return [...runs.values()];
}

function ttsFacts(events: EngineEvent[]): TtsFact[] {
  const out = new Map<string, TtsFact>();
  for (const ev of byType(events, 'tts_request')) {
    let f = out.get(ev.requestId);
    if (!f) {
      f = {
        requestId: ev.requestId,
        speechId: ev.speechId,
        startT: ev.t,
        text: '',
        ttfbMs: null,
        durationMs: null,
        audioDurationMs: null,
        cancelled: false,
        firstByteT: null,
        textReadyT: null,
        firstTextT: null,
      };
      out.set(ev.requestId, f);
    }
    if (ev.text !== undefined) f.text = ev.text;
    if (ev.phase === 'first_byte')
      Object.assign(f, {
        firstByteT: ev.t,
        textReadyT: ev.textReadyAt ?? null,
        firstTextT: ev.firstTextAt ?? null,
      });
  }
  for (const ev of byType(events, 'metrics_collected')) {
    const m = ev.metrics;
    if (m.type !== 'tts') continue;
    const f = out.get(m.requestId);
    if (f)
      Object.assign(f, {
        ttfbMs: m.ttfbMs,
        durationMs: m.durationMs,
        audioDurationMs: m.audioDurationMs,
        cancelled: m.cancelled,
      });
  }
  return [...out.values()];
}

/** Chat-context changes that decide an LLM request's key, in time order. */
type KeyMark = { t: number; kind: 'user' | 'output' | 'assistant' | 'transcript'; text: string };

function keyMarks(events: EngineEvent[], messages: MessageFact[]): KeyMark[] {
  const marks: KeyMark[] = [];
  for (const m of messages) {
    if (m.item.role === 'user') marks.push({ t: m.item.createdAt, kind: 'user', text: m.item.content });
    else if (m.item.role === 'assistant') marks.push({ t: m.item.createdAt, kind: 'assistant', text: '' });
  }
  for (const ev of byType(events, 'function_tools_executed')) {
    const last = ev.functionCallOutputs.filter((o) => o !== null).at(-1);
    if (last) marks.push({ t: ev.t, kind: 'output', text: last.output });
  }
  for (const ev of byType(events, 'user_input_transcribed'))
    if (ev.isFinal && ev.transcript.trim()) marks.push({ t: ev.t, kind: 'transcript', text: ev.transcript });
  return marks.sort((a, b) => a.t - b.t);
}

/** The key of a request made at `t`: the fake LLM's rule (format §4.3) applied to what was in the chat then. */
function keyAt(marks: KeyMark[], t: number, instructions: string | null): string | null {
  let pending: string[] = [];
  let last: KeyMark | null = null;
  for (const m of marks) {
    if (m.t > t) break;
    if (m.kind === 'transcript') pending.push(m.text);
    else {
      if (m.kind === 'user') pending = [];
      last = m;
    }
  }
  // A preemptive request is made on final transcripts not yet committed as a user message.
  if (pending.length > 0) return pending.join(' ');
  if (last?.kind === 'user' || last?.kind === 'output') return last.text;
  return instructions;
}

/** Instructions of a reply that was started by a hook or a tool (generateReply with instructions). */
function replyInstructions(
  events: EngineEvent[],
  speechId: string | null,
  tools: ToolRunFact[],
  ctx: FactsContext,
): string | null {
  if (speechId === null) return null;
  const created = events.findIndex((e) => e.type === 'speech_created' && e.speechId === speechId);
  if (created < 0) return null;
  const t = events[created].t;
  const handoff = [...events.slice(0, created)].reverse().find((e) => e.type === 'agent_handoff');
  const agentId = handoff?.type === 'agent_handoff' ? handoff.newAgentId : null;
  const agent = agentId ? agentConfigOf(ctx, agentId) : undefined;
  const onEnter = agent?.onEnter;
  if (onEnter && 'generateReply' in onEnter && handoff && t - handoff.t < 1)
    return onEnter.generateReply.instructions ?? null;
  const tool = tools.find((r) => r.startT <= t && (r.endT === null || t <= r.endT));
  if (tool) {
    for (const a of Object.values(ctx.agents)) {
      const spec = a.tools.find((s) => s.name === tool.name);
      if (spec?.generateReply) return spec.generateReply.instructions ?? null;
    }
  }
  return null;
}

/** Agent configs by engine id: the start agent is `default_agent`, the others their key. */
export function agentConfigOf(ctx: FactsContext, agentId: string): AgentConfig | undefined {
  return Object.prototype.hasOwnProperty.call(ctx.agents, agentId) ? ctx.agents[agentId] : undefined;
}

function llmFacts(
  events: EngineEvent[],
  messages: MessageFact[],
  tts: TtsFact[],
  tools: ToolRunFact[],
  ctx: FactsContext,
): LlmFact[] {
  const out: LlmFact[] = [];
  const byId = new Map<string, LlmFact>();
  const marks = keyMarks(events, messages);
  for (const ev of byType(events, 'llm_request')) {
    if (ev.phase === 'start') {
      const f: LlmFact = {
        requestId: ev.requestId,
        speechId: ev.speechId,
        startT: ev.t,
        firstTokenT: null,
        endT: null,
        key: keyAt(marks, ev.t, replyInstructions(events, ev.speechId, tools, ctx)),
        content: '',
        toolCalls: [],
        error: null,
        ttsRequestId: null,
      };
      out.push(f);
      byId.set(ev.requestId, f);
    } else {
      const f = byId.get(ev.requestId);
      if (!f) continue;
      if (ev.phase === 'first_token') f.firstTokenT ??= ev.t;
      else {
        f.endT = ev.t;
        f.error = ev.error ?? null;
      }
    }
  }
  // Text and tool calls of a request: what its speech got between this request and the next one.
  out.forEach((f, i) => {
    const next = out.slice(i + 1).find((g) => g.speechId === f.speechId)?.startT ?? Infinity;
    const inStep = (t: number): boolean => t >= f.startT && t < next;
    const voiced = tts.find((s) => s.speechId === f.speechId && inStep(s.startT) && s.text);
    const written = messages.find(
      (m) => m.item.role === 'assistant' && inStep(m.item.createdAt) && m.item.content,
    );
    f.content = voiced?.text ?? written?.item.content ?? '';
    f.ttsRequestId = voiced?.requestId ?? null;
    f.toolCalls = tools
      .filter((r) => r.speechId === f.speechId && inStep(r.startT))
      .map(({ callId, name, arguments: args }) => ({ callId, name, arguments: args }));
  });
  return out;
}

function actionFacts(events: EngineEvent[], messages: MessageFact[], ctx: FactsContext): ActionFact[] {
  const actions: ActionFact[] = [];
  const spoken = endOfTurnByUserMessage(events);
  // Typed turns: a user message no end of turn committed (the seed's text input path).
  for (const m of messages)
    if (m.item.role === 'user' && !spoken.has(m.item.id))
      actions.push({ kind: 'typed', t: m.item.createdAt, text: m.item.content });
  const hookSays = new Set<string>();
  for (const a of Object.values(ctx.agents)) {
    if (a.onEnter && 'say' in a.onEnter) hookSays.add(a.onEnter.say);
    if (a.onUserTurnCompleted?.say) hookSays.add(a.onUserTurnCompleted.say);
  }
  const closing = events.find((e) => e.type === 'close')?.t ?? Infinity;
  const speechAllows = new Map<string, boolean | undefined>();
  for (const ev of events) {
    if (ev.type === 'speech_lifecycle' && ev.state === 'created') {
      speechAllows.set(ev.speechId, ev.allowInterruptions);
      if (ev.source === 'say' && ev.text !== undefined && !hookSays.has(ev.text))
        actions.push({ kind: 'say', t: ev.t, text: ev.text, allowInterruptions: ev.allowInterruptions });
    } else if (
      ev.type === 'speech_lifecycle' &&
      ev.state === 'interrupted' &&
      ev.cause === 'api' &&
      ev.t < closing
    ) {
      actions.push({ kind: 'interrupt', t: ev.t, force: speechAllows.get(ev.speechId) === false });
    } else if (ev.type === 'config_updated') {
      if (ev.field === 'instructions' && typeof ev.value === 'string')
        actions.push({ kind: 'updateInstructions', t: ev.t, instructions: ev.value });
      else if (ev.field !== 'tools' && ev.field !== 'chatCtx' && ev.field !== 'toolChoice')
        actions.push({ kind: 'updateOptions', t: ev.t, field: ev.field, value: ev.value });
    }
  }
  // One API interrupt interrupts every speech it reaches: keep one action per instant.
  return actions
    .filter(
      (a, i) =>
        a.kind !== 'interrupt' ||
        !actions.slice(0, i).some((b) => b.kind === 'interrupt' && Math.abs(b.t - a.t) < 1),
    )
    .sort((a, b) => a.t - b.t);
}

export function sessionFacts(allEvents: readonly EngineEvent[], ctx: FactsContext): SessionFacts {
  const events = allEvents.filter((e) => e.type !== 'vad_inference');
  const notes: string[] = [];
  const originT = events.length > 0 ? Math.floor(Math.min(...events.slice(0, 50).map((e) => e.t))) : 0;
  const endT = events.reduce((m, e) => (e.t > m ? e.t : m), originT);
  const messages = messageFacts(events);
  const tools = toolRuns(events);
  const tts = ttsFacts(events);
  return {
    originT,
    endT,
    speeches: userSpeeches(events, notes),
    llm: llmFacts(events, messages, tts, tools, ctx),
    tts,
    tools,
    actions: actionFacts(events, messages, ctx),
    messages,
    events,
    notes,
  };
}
