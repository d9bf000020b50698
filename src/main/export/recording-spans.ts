/**
 * A recording's events as a tree of spans, the shape `export --otlp` sends: one root span for
 * the session, one per user turn, agent turn (speech handle), LLM request, TTS request, tool
 * call, and the user's and the agent's speaking. Names and attributes follow the seed's tracing
 * (livekit-agents telemetry: `agent_session`, `user_turn`, `agent_turn`, `llm_request`,
 * `tts_request`, `function_tool`, `user_speaking`, `agent_speaking`; `lk.*` and `gen_ai.*`
 * attributes) so a trace backend set up for LiveKit Agents reads these the same way.
 *
 * Every time is the recorded one (event clock mapped to wall time through the manifest), never
 * "now". This module is plain data in and out; otlp-export.ts turns the plans into OTel spans.
 */
import type { EngineEvent, EngineEventOf } from '../../shared/engine-events';
import type { RecordingManifest } from '../../shared/recording';

export type SpanAttributeValue = string | number | boolean | string[];

export interface SpanPlan {
  /** Unique within the plan; parents are referenced by it. */
  key: string;
  name: string;
  /** Null for the root span only. */
  parentKey: string | null;
  /** Event-clock times (the events' `t`, ms). */
  startT: number;
  endT: number;
  attributes: Record<string, SpanAttributeValue>;
  /** Point events on the span (first token, first byte, interruption), event-clock ms. */
  events: { name: string; t: number; attributes?: Record<string, SpanAttributeValue> }[];
  /** Set when the recorded request failed. */
  error: string | null;
}

/** Seed attribute names (livekit-agents telemetry/trace_types.py) and the OTel GenAI ones it uses. */
export const ATTR = {
  speechId: 'lk.speech_id',
  agentLabel: 'lk.agent_label',
  agentName: 'lk.agent_name',
  sessionOptions: 'lk.session_options',
  turnId: 'lk.generation_id',
  userInput: 'lk.user_input',
  interrupted: 'lk.interrupted',
  functionTools: 'lk.function_tools',
  responseText: 'lk.response.text',
  responseFunctionCalls: 'lk.response.function_calls',
  toolId: 'lk.function_tool.id',
  toolName: 'lk.function_tool.name',
  toolArgs: 'lk.function_tool.arguments',
  toolIsError: 'lk.function_tool.is_error',
  toolOutput: 'lk.function_tool.output',
  ttsInputText: 'lk.input_text',
  ttsStreaming: 'lk.tts.streaming',
  ttsLabel: 'lk.tts.label',
  eouProbability: 'lk.eou.probability',
  eouDelay: 'lk.eou.endpointing_delay',
  userTranscript: 'lk.user_transcript',
  transcriptConfidence: 'lk.transcript_confidence',
  transcriptionDelay: 'lk.transcription_delay',
  endOfTurnDelay: 'lk.end_of_turn_delay',
  genAiOperation: 'gen_ai.operation.name',
  genAiProvider: 'gen_ai.provider.name',
  genAiModel: 'gen_ai.request.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  inputCachedTokens: 'gen_ai.usage.input_cached_tokens',
  /** Not in the seed: the studio's own, for what it knows that the seed does not record. */
  recordingId: 'studio.recording.id',
  llmTtftMs: 'studio.llm.ttft_ms',
  ttsTtfbMs: 'studio.tts.ttfb_ms',
  /** The recording ended before this span did (a crash, or a session stopped mid-request). */
  truncated: 'studio.truncated',
  interruptionCause: 'studio.interruption.cause',
} as const;

export const ROOT_KEY = 'session';

/** What the span builder needs of a recording; OpenedRecording (recording/api.ts) provides it. */
export interface RecordingEvents {
  readonly manifest: RecordingManifest;
  events(): AsyncIterable<EngineEvent>;
}

export async function buildSpanPlans(rec: RecordingEvents): Promise<SpanPlan[]> {
  const builder = new SpanBuilder(rec.manifest);
  for await (const ev of rec.events()) builder.push(ev);
  return builder.finish();
}

/** One pass over the events; spans still open at the end close at the recording's end, marked truncated. */
export class SpanBuilder {
  private readonly plans: SpanPlan[] = [];
  private readonly open = new Map<string, SpanPlan>();
  private lastT: number;
  private userTurn: SpanPlan | null = null;
  private userSpeaking: SpanPlan | null = null;
  private agentSpeaking: SpanPlan | null = null;
  private lastTranscriptT: number | null = null;
  /** LLM spans ended without usage yet, per speech: the llm metrics follow their request's end. */
  private readonly llmAwaitingMetrics = new Map<string, SpanPlan[]>();
  /** The newest plan started under each key, open or ended (late metrics and item lookups). */
  private readonly latest = new Map<string, SpanPlan>();
  private lastUserTurnPlan: SpanPlan | null = null;
  /** Agent turns not ended yet, oldest first. */
  private readonly openAgentTurns: SpanPlan[] = [];
  private counter = 0;
  private readonly llm: { provider: string; model?: string } | null;

  constructor(private readonly manifest: RecordingManifest) {
    this.lastT = manifest.startedAtT;
    this.llm = manifest.providers.find((p) => p.slot === 'llm' || p.slot === 'realtime') ?? null;
    const root = this.start('agent_session', ROOT_KEY, null, manifest.startedAtT, {
      [ATTR.recordingId]: manifest.id,
      'session.id': manifest.sessionId,
    });
    if (manifest.agents[0]) root.attributes[ATTR.agentName] = manifest.agents[0];
    const options = (manifest.config as { options?: unknown } | null)?.options;
    if (options !== undefined) root.attributes[ATTR.sessionOptions] = JSON.stringify(options);
  }

  push(ev: EngineEvent): void {
    this.lastT = Math.max(this.lastT, ev.t);
    switch (ev.type) {
      case 'user_state_changed':
        return this.onUserState(ev);
      case 'user_input_transcribed':
        if (ev.isFinal) this.lastTranscriptT = ev.t;
        this.userTurn ??= this.startUserTurn(ev.t);
        return;
      case 'end_of_turn':
        return this.onEndOfTurn(ev);
      case 'agent_state_changed':
        return this.onAgentState(ev);
      case 'speech_created':
        this.openAgentTurns.push(
          this.start('agent_turn', `speech:${ev.speechId}`, ROOT_KEY, ev.t, {
            [ATTR.speechId]: ev.speechId,
            [ATTR.turnId]: ev.speechId,
            [ATTR.interrupted]: false,
            'studio.speech.source': ev.source,
          }),
        );
        return;
      case 'speech_lifecycle':
        return this.onSpeechLifecycle(ev);
      case 'interruption': {
        const turn = this.open.get(`speech:${ev.speechId}`);
        turn?.events.push({
          name: 'interruption',
          t: ev.t,
          attributes: { [ATTR.interruptionCause]: ev.cause },
        });
        return;
      }
      case 'conversation_item_added':
        return this.onItem(ev);
      case 'llm_request':
        return this.onLlm(ev);
      case 'tts_request':
        return this.onTts(ev);
      case 'tool_execution':
        return this.onTool(ev);
      case 'metrics_collected':
        return this.onMetrics(ev);
      case 'function_tools_executed': {
        const calls = ev.functionCalls.map((c) => ({
          call_id: c.callId,
          name: c.name,
          arguments: c.arguments,
        }));
        const tool = this.latest.get(`tool:${ev.functionCalls[0]?.callId}`);
        const speechId = tool?.attributes[ATTR.speechId];
        const turn = typeof speechId === 'string' ? this.speechTurn(speechId) : null;
        if (turn) turn.attributes[ATTR.responseFunctionCalls] = JSON.stringify(calls);
        return;
      }
      default:
        return;
    }
  }

  finish(): SpanPlan[] {
    const endT = this.endT();
    for (const plan of this.open.values()) {
      plan.endT = Math.max(plan.startT, endT);
      if (plan.key !== ROOT_KEY) plan.attributes[ATTR.truncated] = true;
    }
    this.open.clear();
    return this.plans;
  }

  private endT(): number {
    const { durationMs, startedAtT } = this.manifest;
    return durationMs === null ? this.lastT : Math.max(this.lastT, startedAtT + durationMs);
  }

  private start(
    name: string,
    key: string,
    parentKey: string | null,
    startT: number,
    attributes: Record<string, SpanAttributeValue> = {},
  ): SpanPlan {
    // A key seen again (a request id reused after a handoff) gets a fresh span, not the old one.
    const unique = this.latest.has(key) ? `${key}#${++this.counter}` : key;
    const plan: SpanPlan = {
      key: unique,
      name,
      parentKey,
      startT,
      endT: startT,
      attributes,
      events: [],
      error: null,
    };
    this.plans.push(plan);
    this.open.set(key, plan);
    this.latest.set(key, plan);
    return plan;
  }

  private end(key: string, t: number): SpanPlan | null {
    const plan = this.open.get(key);
    if (!plan) return null;
    plan.endT = Math.max(plan.startT, t);
    this.open.delete(key);
    const i = this.openAgentTurns.indexOf(plan);
    if (i >= 0) this.openAgentTurns.splice(i, 1);
    return plan;
  }

  private startUserTurn(t: number): SpanPlan {
    this.lastUserTurnPlan = this.start('user_turn', `user_turn:${++this.counter}`, ROOT_KEY, t);
    return this.lastUserTurnPlan;
  }

  private onUserState(ev: EngineEventOf<'user_state_changed'>): void {
    if (ev.newState === 'speaking' && !this.userSpeaking) {
      const at = ev.speechStartedAt ?? ev.t;
      this.userSpeaking = this.start('user_speaking', `user_speaking:${++this.counter}`, ROOT_KEY, at);
      this.userTurn ??= this.startUserTurn(at);
    } else if (ev.oldState === 'speaking' && ev.newState !== 'speaking' && this.userSpeaking) {
      this.end(this.openKeyOf(this.userSpeaking), ev.speechEndedAt ?? ev.t);
      this.userSpeaking = null;
    }
  }

  private onEndOfTurn(ev: EngineEventOf<'end_of_turn'>): void {
    const turn = this.userTurn ?? this.startUserTurn(this.lastTranscriptT ?? ev.t);
    turn.attributes[ATTR.userTranscript] = ev.transcript;
    turn.attributes[ATTR.endOfTurnDelay] = ev.delayMs;
    turn.attributes['studio.end_of_turn.committed'] = ev.committed;
    if (ev.probability !== null) turn.attributes[ATTR.eouProbability] = ev.probability;
    this.end(this.openKeyOf(turn), ev.t);
    this.userTurn = null;
    this.lastTranscriptT = null;
  }

  private onAgentState(ev: EngineEventOf<'agent_state_changed'>): void {
    if (ev.newState === 'speaking' && !this.agentSpeaking) {
      this.agentSpeaking = this.start('agent_speaking', `agent_speaking:${++this.counter}`, ROOT_KEY, ev.t);
    } else if (ev.newState !== 'speaking' && this.agentSpeaking) {
      this.end(this.openKeyOf(this.agentSpeaking), ev.t);
      this.agentSpeaking = null;
    }
  }

  private onSpeechLifecycle(ev: EngineEventOf<'speech_lifecycle'>): void {
    const key = `speech:${ev.speechId}`;
    const turn = this.open.get(key);
    if (!turn) return;
    if (ev.state === 'interrupted') turn.attributes[ATTR.interrupted] = true;
    if (ev.state === 'done') this.end(key, ev.t);
  }

  private onItem(ev: EngineEventOf<'conversation_item_added'>): void {
    const item = ev.item;
    if (item.type !== 'message') return;
    const newest = this.openAgentTurns[this.openAgentTurns.length - 1];
    if (item.role === 'user') {
      // The message that opened a reply: the agent turn created right after carries it as its input.
      if (newest && newest.attributes[ATTR.userInput] === undefined)
        newest.attributes[ATTR.userInput] = item.content;
      if (item.transcriptConfidence != null && this.lastUserTurnPlan)
        this.lastUserTurnPlan.attributes[ATTR.transcriptConfidence] = item.transcriptConfidence;
    } else if (item.role === 'assistant') {
      if (!newest) return;
      const before = newest.attributes[ATTR.responseText];
      newest.attributes[ATTR.responseText] =
        typeof before === 'string' ? `${before} ${item.content}` : item.content;
    }
  }

  private onLlm(ev: EngineEventOf<'llm_request'>): void {
    const key = `llm:${ev.requestId}`;
    if (ev.phase === 'start') {
      const attributes: Record<string, SpanAttributeValue> = {
        [ATTR.genAiOperation]: 'chat',
        [ATTR.functionTools]: ev.tools,
      };
      if (ev.speechId) attributes[ATTR.speechId] = ev.speechId;
      if (this.llm) attributes[ATTR.genAiProvider] = this.llm.provider;
      if (this.llm?.model) attributes[ATTR.genAiModel] = this.llm.model;
      if (ev.toolChoice) attributes['studio.llm.tool_choice'] = ev.toolChoice;
      this.start('llm_request', key, this.parentOf(ev.speechId), ev.t, attributes);
      return;
    }
    const plan = this.open.get(key);
    if (!plan) return;
    if (ev.phase === 'first_token') {
      plan.events.push({ name: 'first_token', t: ev.t });
      plan.attributes[ATTR.llmTtftMs] = ev.t - plan.startT;
      return;
    }
    if (ev.error) plan.error = ev.error;
    this.end(key, ev.t);
    const speech = ev.speechId ?? '';
    const waiting = this.llmAwaitingMetrics.get(speech) ?? [];
    waiting.push(plan);
    this.llmAwaitingMetrics.set(speech, waiting);
  }

  private onTts(ev: EngineEventOf<'tts_request'>): void {
    const key = `tts:${ev.requestId}`;
    if (ev.phase === 'start') {
      const attributes: Record<string, SpanAttributeValue> = {};
      if (ev.speechId) attributes[ATTR.speechId] = ev.speechId;
      const tts = this.manifest.providers.find((p) => p.slot === 'tts');
      if (tts) attributes[ATTR.ttsLabel] = tts.model ? `${tts.provider}/${tts.model}` : tts.provider;
      this.start('tts_request', key, this.parentOf(ev.speechId), ev.t, attributes);
      return;
    }
    const plan = this.open.get(key);
    if (!plan) return;
    if (ev.phase === 'first_byte') {
      plan.events.push({ name: 'first_byte', t: ev.t });
      plan.attributes[ATTR.ttsTtfbMs] = ev.t - plan.startT;
      return;
    }
    if (ev.text !== undefined) plan.attributes[ATTR.ttsInputText] = ev.text;
    if (ev.error) plan.error = ev.error;
    this.end(key, ev.t);
  }

  private onTool(ev: EngineEventOf<'tool_execution'>): void {
    const key = `tool:${ev.callId}`;
    if (ev.phase === 'start') {
      const attributes: Record<string, SpanAttributeValue> = {
        [ATTR.toolId]: ev.callId,
        [ATTR.toolName]: ev.name,
        [ATTR.toolArgs]: ev.arguments,
      };
      if (ev.speechId) attributes[ATTR.speechId] = ev.speechId;
      this.start('function_tool', key, this.parentOf(ev.speechId), ev.t, attributes);
      return;
    }
    const plan = this.end(key, ev.t);
    if (!plan) return;
    if (ev.output !== undefined) plan.attributes[ATTR.toolOutput] = ev.output;
    plan.attributes[ATTR.toolIsError] = ev.isError ?? false;
    if (ev.isError) plan.error = ev.output ?? 'tool failed';
  }

  private onMetrics(ev: EngineEventOf<'metrics_collected'>): void {
    const m = ev.metrics;
    if (m.type === 'llm') {
      // The llm metrics' request id is the provider's, not the llm_request's: match by speech, in order.
      const waiting = this.llmAwaitingMetrics.get(m.speechId ?? '');
      const plan = waiting?.shift();
      if (!plan) return;
      plan.attributes[ATTR.inputTokens] = m.promptTokens;
      plan.attributes[ATTR.outputTokens] = m.completionTokens;
      plan.attributes[ATTR.inputCachedTokens] = m.promptCachedTokens;
    } else if (m.type === 'tts') {
      const plan = this.latest.get(`tts:${m.requestId}`);
      if (plan) plan.attributes[ATTR.ttsStreaming] = m.streamed;
    } else if (m.type === 'eou' && this.lastUserTurnPlan) {
      this.lastUserTurnPlan.attributes[ATTR.transcriptionDelay] = m.transcriptionDelayMs;
    }
  }

  private speechTurn(speechId: string | null): SpanPlan | null {
    return speechId === null ? null : (this.open.get(`speech:${speechId}`) ?? null);
  }

  private parentOf(speechId: string | null): string {
    const turn = this.speechTurn(speechId);
    return turn ? turn.key : ROOT_KEY;
  }

  /** The key a plan is open under (a reused key is stored under its original name). */
  private openKeyOf(plan: SpanPlan): string {
    for (const [key, p] of this.open) if (p === plan) return key;
    return plan.key;
  }
}
