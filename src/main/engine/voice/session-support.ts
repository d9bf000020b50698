/**
 * Small pieces of the AgentSession kept out of agent-session.ts: the user-away timer, the
 * provider-error policy that closes the session, and the output wiring (transcript
 * synchronizer in front of the sinks, playback events turned into trace events).
 */
import { formatIssues, SessionOptionsSchema, type SessionOptions } from '../../../shared/config';
import type { Clock, TimerHandle } from '../base/clock';
import type { EventSink, EngineEventInput } from '../event-bus';
import type { AudioOutput, TextOutput } from './io';
import { TranscriptSynchronizer } from './transcription/synchronizer';
import { errorText } from '../base/errors';

/**
 * Validates session options; a bad value throws one message naming each field and what it
 * had to be (`invalid session options: minEndpointingDelayMs: Too small: expected number to be >=0`).
 */
export function parseSessionOptions(input: unknown): SessionOptions {
  const parsed = SessionOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(`invalid session options: ${formatIssues(parsed.error).join('; ')}`);
}

/** Fires once after the user and the agent were both silent for the timeout (upstream user_away_timer). */
export class UserAwayTimer {
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly onAway: () => void,
  ) {}

  get pending(): boolean {
    return this.timer !== null;
  }

  set(timeoutMs: number | null): void {
    this.cancel();
    if (timeoutMs === null) return;
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      this.onAway();
    }, timeoutMs);
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}

/** Unrecoverable LLM/TTS errors tolerated before the session closes (upstream max_unrecoverable_errors). */
export const MAX_UNRECOVERABLE_ERRORS = 3;

/**
 * Decides when a provider error closes the session (upstream `_on_error`): errors their emitter
 * calls recoverable never do; LLM and TTS failures after a few in a row (a spoken reply resets
 * the count); STT and realtime ones at once. Errors of tools and hooks are not provider failures.
 * The session publishes each error with `recoverable` set to what this decided.
 */
export class ProviderErrorPolicy {
  private llm = 0;
  private tts = 0;

  reset(): void {
    this.llm = 0;
    this.tts = 0;
  }

  shouldClose(ev: Extract<EngineEventInput, { type: 'error' }>): boolean {
    if (ev.recoverable) return false;
    if (ev.source === 'llm') return ++this.llm > MAX_UNRECOVERABLE_ERRORS;
    if (ev.source === 'tts') return ++this.tts > MAX_UNRECOVERABLE_ERRORS;
    return ev.source === 'stt' || ev.source === 'realtime';
  }
}

export interface WiredOutputs {
  audio: AudioOutput | null;
  text: TextOutput | null;
  /** Detaches listeners and closes the synchronizer. */
  dispose(): Promise<void>;
  pendingWork(): string[];
}

/**
 * Puts a transcript synchronizer in front of the sinks (so an interrupted reply keeps only what
 * was heard) and reports the audio output's playback as trace events for the timeline.
 */
export function wireOutputs(args: {
  clock: Clock;
  events: EventSink;
  audio: AudioOutput | null;
  text: TextOutput | null;
  syncTranscription: boolean;
  speechId: () => string | null;
}): WiredOutputs {
  const { events } = args;
  let sync: TranscriptSynchronizer | null = null;
  let audio = args.audio;
  let text = args.text;
  if (audio && args.syncTranscription) {
    sync = new TranscriptSynchronizer({
      clock: args.clock,
      nextInChainAudio: audio,
      nextInChainText: text,
      onWarning: (message) => events.emit({ type: 'warning', source: 'transcript_sync', message }),
      onError: (what, err) =>
        events.emit({
          type: 'error',
          source: 'transcript_sync',
          message: `${what}: ${errorText(err)}`,
          recoverable: true,
        }),
    });
    audio = sync.audioOutput;
    text = sync.textOutput;
  }
  const offs: Array<() => void> = [];
  if (audio) {
    offs.push(
      audio.on('playback_started', () =>
        events.emit({ type: 'playback_started', speechId: args.speechId() }),
      ),
      audio.on('playback_finished', (ev) =>
        events.emit({
          type: 'playback_finished',
          speechId: args.speechId(),
          positionMs: ev.playbackPositionMs,
          interrupted: ev.interrupted,
        }),
      ),
    );
  }
  let disposed = false;
  return {
    audio,
    text,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      for (const off of offs.splice(0)) off();
      if (sync) await sync.close();
    },
    pendingWork: () => [
      ...(offs.length > 0 ? [`audio_output_listeners(${offs.length})`] : []),
      ...(sync ? sync.pendingWork().map((n) => `transcript_sync:${n}`) : []),
    ],
  };
}
