/**
 * The timeline's derived data, built incrementally from engine event batches outside React.
 * Each event costs O(1) amortized; the draw loop and the metrics widgets read the lists by
 * window, and `version` tells them whether anything changed since they last looked.
 */
import type { AgentState, EngineEvent, MetricsData, UserState } from '../../../../../shared/engine-events';
import { TURN_EVENT_TYPES } from '../../../../../shared/turn-timeline-index';
import { PointSeries } from './point-series';
import { SpanIndex, TimeList } from './span-index';
import { SpeechLanes } from './speech-lanes';
import type {
  AgentSpan,
  EotMark,
  Marker,
  RequestSpan,
  RetryMark,
  ToolSpan,
  TranscriptMark,
  UserSpan,
} from './timeline-types';

export const DEFAULT_VAD_THRESHOLD = 0.5;

type MetricOf<T extends MetricsData['type']> = Extract<MetricsData, { type: T }>;
/** A collected metric with the time its event arrived. */
export interface MetricEntry<T extends MetricsData['type']> {
  t: number;
  m: MetricOf<T>;
}

export interface PlaybackMark {
  t: number;
  speechId: string | null;
}

/**
 * Reads an activation threshold out of a `config_updated` event: a field named for it, or a
 * whole config object that carries one under providers.vad.
 */
export function thresholdFromConfig(field: string, value: unknown): number | null {
  if (/(^|\.)activationThreshold$/.test(field) && typeof value === 'number') return value;
  if (typeof value !== 'object' || value === null) return null;
  const v = value as {
    providers?: { vad?: { activationThreshold?: unknown } };
    vad?: { activationThreshold?: unknown };
  };
  const found = v.providers?.vad?.activationThreshold ?? v.vad?.activationThreshold;
  return typeof found === 'number' ? found : null;
}

const short = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '' : text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** The retries of one row of the LLM/TTS lane whose mark or wait covers [from, to]. */
export function retriesNear(
  model: TimelineModel,
  kind: 'llm' | 'tts',
  from: number,
  to: number,
): RetryMark[] {
  // A mark's wait reaches past it by its delay; backoff delays stay under a minute.
  return model.retries.within(from - 60_000, to).filter((r) => r.kind === kind && r.t + r.delayMs >= from);
}

/** What a retry mark's tooltip says: which attempt failed, the wait, and why. */
export function retryText(r: RetryMark): string {
  return `attempt ${r.attempt} failed (${r.code}), attempt ${r.attempt + 1} in ${r.delayMs} ms — ${r.provider} (${r.setting}): ${r.reason}`;
}

export class TimelineModel {
  readonly user = new SpanIndex<UserSpan>();
  readonly agent = new SpanIndex<AgentSpan>();
  readonly vad = new PointSeries();
  /** Set by a `config_updated` event of the session; wins over the configured value. */
  private sessionVadThreshold: number | null = null;
  /** From the studio's config (providers.vad), when the renderer knows it. */
  configuredVadThreshold: number | null = null;

  /** The activation threshold the VAD lane draws: the session's, else the config's, else 0.5. */
  get vadThreshold(): number {
    return this.sessionVadThreshold ?? this.configuredVadThreshold ?? DEFAULT_VAD_THRESHOLD;
  }
  readonly transcripts = new TimeList<TranscriptMark>();
  readonly endOfTurns = new TimeList<EotMark>();
  readonly speech = new SpeechLanes();
  readonly llm = new SpanIndex<RequestSpan>();
  readonly tts = new SpanIndex<RequestSpan>();
  /** Provider retries (LLM and TTS ones are drawn on the LLM/TTS lane, STT ones as markers). */
  readonly retries = new TimeList<RetryMark>();
  readonly tools = new SpanIndex<ToolSpan>();
  readonly toolsById = new Map<string, ToolSpan>();
  readonly markers = new TimeList<Marker>();
  readonly eouMetrics: MetricEntry<'eou'>[] = [];
  readonly llmMetrics: MetricEntry<'llm'>[] = [];
  readonly ttsMetrics: MetricEntry<'tts'>[] = [];
  readonly playbackStarts = new TimeList<PlaybackMark>();
  /** The events the per-turn latency timeline is built from (no VAD samples), in order. */
  readonly turnEvents: EngineEvent[] = [];

  /** Bumped per ingested batch or reset: readers redraw when it differs from what they drew. */
  version = 0;
  /** Bumped when metrics arrive, so the charts skip batches of VAD samples. */
  metricsVersion = 0;
  eventCount = 0;
  startT: number | null = null;
  endT: number | null = null;
  closed = false;

  private readonly requests = new Map<string, RequestSpan>();

  ingest(events: readonly EngineEvent[]): void {
    if (events.length === 0) return;
    for (const e of events) this.apply(e);
    this.version += 1;
  }

  reset(): void {
    for (const s of [this.user, this.agent, this.llm, this.tts, this.tools]) s.clear();
    this.vad.clear();
    this.sessionVadThreshold = null;
    this.transcripts.clear();
    this.endOfTurns.clear();
    this.speech.clear();
    this.toolsById.clear();
    this.markers.clear();
    this.retries.clear();
    this.eouMetrics.length = 0;
    this.llmMetrics.length = 0;
    this.ttsMetrics.length = 0;
    this.playbackStarts.clear();
    this.turnEvents.length = 0;
    this.requests.clear();
    this.eventCount = 0;
    this.startT = null;
    this.endT = null;
    this.closed = false;
    this.version += 1;
    this.metricsVersion += 1;
  }

  /** The current user or agent state: the state of the newest span. */
  currentUserState(): UserState | null {
    return this.user.last()?.state ?? null;
  }

  currentAgentState(): AgentState | null {
    return this.agent.last()?.state ?? null;
  }

  private apply(e: EngineEvent): void {
    this.eventCount += 1;
    if (this.startT === null || e.t < this.startT) this.startT = e.t;
    if (this.endT === null || e.t > this.endT) this.endT = e.t;
    if (TURN_EVENT_TYPES.has(e.type)) this.turnEvents.push(e);
    switch (e.type) {
      case 'user_state_changed':
        this.switchState(this.user, e.t, e.oldState, e.newState);
        return;
      case 'agent_state_changed':
        this.switchState(this.agent, e.t, e.oldState, e.newState);
        return;
      case 'vad_inference':
        this.vad.push(e.t, e.probability);
        return;
      case 'user_input_transcribed':
        this.transcripts.add({ t: e.t, text: e.transcript, final: e.isFinal });
        return;
      case 'end_of_turn':
        this.endOfTurns.add({
          t: e.t,
          startAt: Math.min(e.userStoppedAt ?? e.t - e.delayMs, e.t),
          delayMs: e.delayMs,
          probability: e.probability,
          committed: e.committed,
          transcript: e.transcript,
        });
        return;
      case 'speech_created':
        this.speech.onCreated(e);
        return;
      case 'speech_lifecycle':
        this.speech.onLifecycle(e);
        return;
      case 'llm_request':
        this.onRequest('llm', e.requestId, e.speechId, e.t, e.phase, e);
        return;
      case 'tts_request':
        this.onRequest('tts', e.requestId, e.speechId, e.t, e.phase, e);
        if (e.phase === 'end') this.speech.onSpeechText(e.speechId, e.text, e.t);
        return;
      case 'tool_execution':
        this.onTool(e);
        return;
      case 'function_tools_executed':
        for (const out of e.functionCallOutputs) {
          const span = out ? this.toolsById.get(out.callId) : undefined;
          if (span && out && span.output === null) {
            span.output = out.output;
            span.isError = out.isError;
          }
        }
        return;
      case 'interruption':
        this.speech.onInterruption(e);
        return;
      case 'agent_false_interruption':
        this.speech.onFalseInterruption(e);
        return;
      case 'preemptive_generation':
        this.speech.onPreemptive(e);
        return;
      case 'realtime_truncated':
        this.speech.onTruncated(e);
        return;
      case 'config_updated': {
        const threshold = thresholdFromConfig(e.field, e.value);
        if (threshold !== null) this.sessionVadThreshold = threshold;
        this.markers.add({ t: e.t, kind: 'config', label: e.field, detail: short(e.value) });
        return;
      }
      case 'agent_handoff':
        this.markers.add({
          t: e.t,
          kind: 'handoff',
          label: `→ ${e.newAgentId}`,
          detail: `from ${e.oldAgentId ?? 'none'}`,
        });
        return;
      case 'provider_switched':
        this.markers.add({
          t: e.t,
          kind: 'provider',
          label: `${e.kind}: ${e.to}`,
          detail: `from ${e.from}: ${e.reason}`,
        });
        return;
      case 'provider_retry':
        this.onRetry(e);
        return;
      case 'error':
        this.markers.add({ t: e.t, kind: 'error', label: `error (${e.source})`, detail: e.message });
        return;
      case 'warning':
        this.markers.add({ t: e.t, kind: 'warning', label: `warning (${e.source})`, detail: e.message });
        return;
      case 'close':
        this.closed = true;
        this.markers.add({ t: e.t, kind: 'close', label: `closed: ${e.reason}`, detail: e.error ?? '' });
        for (const s of [this.user, this.agent, this.llm, this.tts, this.tools]) s.closeAll(e.t);
        this.speech.closeAll(e.t);
        return;
      case 'metrics_collected':
        this.onMetrics(e.t, e.metrics);
        return;
      case 'playback_started':
        this.playbackStarts.add({ t: e.t, speechId: e.speechId });
        return;
      case 'playback_finished':
      case 'user_turn_completed':
      case 'conversation_item_added':
        // Shown by the chat context and speech lanes already; nothing new to draw here.
        return;
      default: {
        const unhandled: never = e;
        void unhandled;
      }
    }
  }

  private switchState<S extends string>(
    lane: SpanIndex<{ start: number; end: number | null; state: S }>,
    t: number,
    from: S,
    to: S,
  ): void {
    const last = lane.last();
    if (last && last.end === null) lane.close(last, t);
    // Before the first change the lane was in `from` since the session began.
    else if (!last && this.startT !== null && this.startT < t)
      lane.add({ start: this.startT, end: t, state: from });
    lane.add({ start: t, end: null, state: to });
  }

  private onRequest(
    kind: 'llm' | 'tts',
    requestId: string,
    speechId: string | null,
    t: number,
    phase: 'start' | 'first_token' | 'first_byte' | 'end',
    e: { error?: string; text?: string; tools?: string[] },
  ): void {
    const key = `${kind}:${requestId}`;
    let span = this.requests.get(key);
    if (!span) {
      span = {
        kind,
        requestId,
        speechId,
        start: t,
        end: null,
        firstAt: null,
        error: null,
        text: null,
        tools: [],
      };
      this.requests.set(key, span);
      (kind === 'llm' ? this.llm : this.tts).add(span);
    }
    if (e.tools) span.tools = e.tools;
    if (e.error) span.error = e.error;
    if (e.text) span.text = e.text;
    if ((phase === 'first_token' || phase === 'first_byte') && span.firstAt === null) span.firstAt = t;
    if (phase === 'end') {
      (kind === 'llm' ? this.llm : this.tts).close(span, t);
      // Finished requests are never looked up again; keep the map to the open ones.
      this.requests.delete(key);
    }
  }

  /**
   * A realtime model's generation on the LLM lane: response.created → response.done, its first
   * audio marked as an LLM's first token. Drawn from the model's metrics, sent when it ends.
   */
  private onRealtimeGeneration(m: Extract<MetricsData, { type: 'realtime' }>): void {
    const span: RequestSpan = {
      kind: 'llm',
      requestId: m.requestId,
      speechId: m.speechId,
      start: m.timestamp,
      end: null,
      firstAt: m.ttftMs >= 0 ? m.timestamp + m.ttftMs : null,
      error: m.cancelled ? 'cancelled (interrupted)' : null,
      text: null,
      tools: [],
    };
    this.llm.add(span);
    this.llm.close(span, m.timestamp + m.durationMs);
  }

  private onRetry(e: Extract<EngineEvent, { type: 'provider_retry' }>): void {
    const mark: RetryMark = {
      t: e.t,
      kind: e.kind,
      provider: e.provider,
      setting: e.setting,
      attempt: e.attempt,
      delayMs: e.delayMs,
      reason: e.reason,
      code: e.code,
    };
    this.retries.add(mark);
    // STT has no request lane: its retries show with the markers.
    if (e.kind === 'stt')
      this.markers.add({ t: e.t, kind: 'provider', label: `stt retry`, detail: retryText(mark) });
  }

  private onTool(e: Extract<EngineEvent, { type: 'tool_execution' }>): void {
    let span = this.toolsById.get(e.callId);
    if (!span) {
      span = this.tools.add({
        callId: e.callId,
        name: e.name,
        arguments: e.arguments,
        speechId: e.speechId,
        start: e.t,
        end: null,
        output: null,
        isError: false,
      });
      this.toolsById.set(e.callId, span);
    }
    if (e.phase !== 'end') return;
    if (e.output !== undefined) span.output = e.output;
    if (e.isError !== undefined) span.isError = e.isError;
    this.tools.close(span, e.t);
  }

  private onMetrics(t: number, m: MetricsData): void {
    if (m.type === 'realtime') return this.onRealtimeGeneration(m);
    if (m.type === 'eou') this.eouMetrics.push({ t, m });
    else if (m.type === 'llm') this.llmMetrics.push({ t, m });
    else if (m.type === 'tts') this.ttsMetrics.push({ t, m });
    else return;
    this.metricsVersion += 1;
  }
}
