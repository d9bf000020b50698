/**
 * Building `metrics_collected` payloads from measured clock times (upstream metrics/base.py and
 * the metrics monitors of llm.py, tts.py, vad.py). Durations are ms on the session clock; the
 * timestamp is the clock time the metric was produced (upstream uses wall time).
 */
import type { MetricsData } from '../../../shared/engine-events';
import type { Clock } from '../base/clock';

export type EOUMetrics = Extract<MetricsData, { type: 'eou' }>;
export type LLMMetrics = Extract<MetricsData, { type: 'llm' }>;
export type TTSMetrics = Extract<MetricsData, { type: 'tts' }>;
export type STTMetrics = Extract<MetricsData, { type: 'stt' }>;
export type VADMetrics = Extract<MetricsData, { type: 'vad' }>;
export type RealtimeMetrics = Extract<MetricsData, { type: 'realtime' }>;

export interface CompletionUsage {
  completionTokens: number;
  promptTokens: number;
  promptCachedTokens?: number;
  totalTokens?: number;
}

/**
 * Upstream stamps only LLM and TTS metrics with the speech that was generating when they were
 * collected (`_on_metrics_collected`); STT/VAD belong to the user side and EOU carries its own.
 */
export function attributeSpeechId(m: MetricsData, speechId: string | null): MetricsData {
  if (speechId === null || m.speechId !== null) return m;
  if (m.type !== 'llm' && m.type !== 'tts') return m;
  return { ...m, speechId };
}

export function buildEouMetrics(args: {
  timestamp: number;
  speechId: string | null;
  /** End of user speech to the end-of-turn decision; null (reported as 0) when not measured. */
  endOfUtteranceDelayMs?: number | null;
  /** End of user speech to the final transcript; 0 when no end of speech was detected. */
  transcriptionDelayMs?: number | null;
  onUserTurnCompletedDelayMs: number;
}): EOUMetrics {
  return {
    type: 'eou',
    speechId: args.speechId,
    timestamp: args.timestamp,
    endOfUtteranceDelayMs: args.endOfUtteranceDelayMs ?? 0,
    transcriptionDelayMs: args.transcriptionDelayMs ?? 0,
    onUserTurnCompletedDelayMs: args.onUserTurnCompletedDelayMs,
    // Upstream reports an unmeasured delay as 0; the flag keeps that 0 from passing as a time.
    measured: args.endOfUtteranceDelayMs != null,
  };
}

/** STT request metrics; a streaming STT reports duration 0 as upstream. */
export function buildSttMetrics(args: {
  timestamp: number;
  label: string;
  requestId: string;
  durationMs: number;
  audioDurationMs: number;
  streamed: boolean;
}): STTMetrics {
  return {
    type: 'stt',
    speechId: null,
    requestId: args.requestId,
    timestamp: args.timestamp,
    durationMs: args.streamed ? 0 : args.durationMs,
    audioDurationMs: args.audioDurationMs,
    streamed: args.streamed,
    label: args.label,
  };
}

/**
 * Times one LLM request like upstream's metrics monitor: start at creation, ttft at the first
 * chunk. `finish` returns null when nothing meaningful happened (an error, or no chunk at all),
 * because upstream reports no metrics then.
 */
export class LlmRequestTimer {
  private readonly startedAt: number;
  private firstTokenAt: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly label: string,
    private readonly requestId: string,
    private readonly speechId: string | null = null,
  ) {
    this.startedAt = clock.now();
  }

  get ttftMs(): number | null {
    return this.firstTokenAt === null ? null : this.firstTokenAt - this.startedAt;
  }

  /** Call for every chunk; only the first one counts. */
  onChunk(): void {
    if (this.firstTokenAt === null) this.firstTokenAt = this.clock.now();
  }

  finish(args: { usage?: CompletionUsage | null; cancelled: boolean; error?: boolean }): LLMMetrics | null {
    if (args.error || this.firstTokenAt === null) return null;
    const now = this.clock.now();
    const durationMs = now - this.startedAt;
    const u = args.usage ?? null;
    return {
      type: 'llm',
      speechId: this.speechId,
      requestId: this.requestId,
      timestamp: now,
      ttftMs: this.firstTokenAt - this.startedAt,
      durationMs,
      cancelled: args.cancelled,
      completionTokens: u?.completionTokens ?? 0,
      promptTokens: u?.promptTokens ?? 0,
      promptCachedTokens: u?.promptCachedTokens ?? 0,
      totalTokens: u ? (u.totalTokens ?? u.promptTokens + u.completionTokens) : 0,
      tokensPerSecond: u && durationMs > 0 ? u.completionTokens / (durationMs / 1000) : 0,
      label: this.label,
    };
  }
}

/**
 * Times one TTS synthesis: ttfb at the first audio frame (-1 if none came, as upstream), audio
 * duration summed over the frames.
 */
export class TtsRequestTimer {
  private startedAt: number;
  private firstAudioAt: number | null = null;
  private audioMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly label: string,
    private readonly requestId: string,
    private readonly speechId: string | null = null,
  ) {
    this.startedAt = clock.now();
  }

  /** Streams measure ttfb from the end of the text input, not from creation: restart there. */
  restart(): void {
    this.startedAt = this.clock.now();
    this.firstAudioAt = null;
    this.audioMs = 0;
  }

  onAudio(durationMs: number): void {
    if (this.firstAudioAt === null) this.firstAudioAt = this.clock.now();
    this.audioMs += durationMs;
  }

  finish(args: { charactersCount: number; cancelled: boolean; streamed: boolean }): TTSMetrics {
    const now = this.clock.now();
    return {
      type: 'tts',
      speechId: this.speechId,
      requestId: this.requestId,
      timestamp: now,
      ttfbMs: this.firstAudioAt === null ? -1 : this.firstAudioAt - this.startedAt,
      durationMs: now - this.startedAt,
      audioDurationMs: this.audioMs,
      cancelled: args.cancelled,
      charactersCount: args.charactersCount,
      streamed: args.streamed,
      label: this.label,
    };
  }
}

/**
 * Aggregates VAD inferences like upstream's VAD metrics monitor: one metric per second's worth of
 * inferences (1000 / updateIntervalMs of them), with the time since the last speech start/end.
 */
export class VadMetricsAggregator {
  private inferenceTotalMs = 0;
  private count = 0;
  private lastActivityAt: number;

  constructor(
    private readonly clock: Clock,
    private readonly label: string,
    private readonly updateIntervalMs: number,
  ) {
    this.lastActivityAt = clock.now();
  }

  /** A START_OF_SPEECH or END_OF_SPEECH: the VAD is not idle. */
  onActivity(): void {
    this.lastActivityAt = this.clock.now();
  }

  /** Returns a metric when enough inferences accumulated, else null. */
  onInference(inferenceDurationMs: number): VADMetrics | null {
    this.inferenceTotalMs += inferenceDurationMs;
    this.count += 1;
    if (this.count < 1000 / this.updateIntervalMs) return null;
    const now = this.clock.now();
    const m: VADMetrics = {
      type: 'vad',
      speechId: null,
      timestamp: now,
      idleTimeMs: now - this.lastActivityAt,
      inferenceDurationTotalMs: this.inferenceTotalMs,
      inferenceCount: this.count,
      label: this.label,
    };
    this.inferenceTotalMs = 0;
    this.count = 0;
    return m;
  }
}
