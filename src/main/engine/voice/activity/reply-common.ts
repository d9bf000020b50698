/**
 * Steps shared by every kind of reply (pipeline, say, realtime): waiting for the scheduler's
 * authorization and the user's silence, turning the first audible frame into the agent's
 * "speaking" state, and back to "listening" once nothing is left to say. They take the few activity parts they use (AgentActivity satisfies them).
 */
import type { MessageMetrics } from '../../../../shared/engine-events';
import type { Clock } from '../../base/clock';
import type { SessionView } from '../agent';
import type { SpeechHandle } from '../speech-handle';
import type { SpeechTracer } from './speech-trace';
import { linkedAbort } from '../../base/async-iter';

/** Tells when the user is silent (the activity's interruption controller). */
export interface AuthorizationDeps {
  readonly interruptions: { waitForUserSilence(signal?: AbortSignal): Promise<void> };
}

/**
 * Waits until the scheduler authorized this step and, for an interruptible speech, the user is
 * silent (the seed's authorization_tasks); returns early when the speech is interrupted. The
 * authorization is consumed either way, so the next step must be authorized again — unless
 * `consume` is false (a realtime reply's request step: its generation step consumes it).
 */
export async function waitForAuthorization(
  deps: AuthorizationDeps,
  sh: SpeechHandle,
  signal: AbortSignal,
  { consume = true }: { consume?: boolean } = {},
): Promise<void> {
  const waiters = linkedAbort(signal);
  const waits = [sh.waitForAuthorization(waiters.signal)];
  if (sh.allowInterruptions) waits.push(deps.interruptions.waitForUserSilence(waiters.signal));
  try {
    await sh.waitIfNotInterrupted(waits, signal);
  } finally {
    waiters.stop(); // releases the waiter left parked when the speech was interrupted
  }
  if (consume) sh.clearAuthorization();
}

/** What tells that the agent has nothing left to say. */
export interface ReplyDoneDeps {
  readonly currentSpeech: SpeechHandle | null;
  readonly scheduler: { readonly queue: { isEmpty(): boolean } };
  readonly session: Pick<SessionView, 'updateAgentState'>;
}

/** Agent state goes back to listening once nothing is queued or playing (upstream `_on_pipeline_reply_done`). */
export function onPipelineReplyDone(deps: ReplyDoneDeps): void {
  const current = deps.currentSpeech;
  if (deps.scheduler.queue.isEmpty() && (!current || current.done())) {
    deps.session.updateAgentState('listening');
  }
}

/** What announcing the agent's speech touches. */
export interface SpeakingDeps {
  readonly clock: Pick<Clock, 'now'>;
  readonly session: Pick<SessionView, 'setPlaybackSpeech' | 'updateAgentState'>;
  readonly tracer: Pick<SpeechTracer, 'emit'>;
}

/**
 * When the reply becomes audible (the output reports playback started, or the first text when
 * there is no audio output), the agent is speaking. A promise that rejects means it never did.
 */
export function onFirstFrame(
  deps: SpeakingDeps,
  sh: SpeechHandle,
  first: Promise<unknown>,
  onStarted?: (atMs: number) => void,
): void {
  deps.session.setPlaybackSpeech(sh.id);
  void first.then(
    (at) => {
      onStarted?.(typeof at === 'number' ? at : deps.clock.now());
      deps.session.updateAgentState('speaking');
      deps.tracer.emit(sh, 'playout_started');
    },
    () => undefined, // no frame was ever played: nothing to announce
  );
}

/** An assistant message's timing (upstream assistant_metrics). */
export function replyMetrics(m: {
  llmTtftMs?: number | null;
  ttsTtfbMs?: number | null;
  startedSpeakingAt: number | null;
  stoppedSpeakingAt: number;
  userStoppedSpeakingAt?: number | null;
}): MessageMetrics {
  const out: MessageMetrics = {};
  if (m.llmTtftMs !== undefined && m.llmTtftMs !== null) out.llmNodeTtftMs = m.llmTtftMs;
  if (m.ttsTtfbMs !== undefined && m.ttsTtfbMs !== null) out.ttsNodeTtfbMs = m.ttsTtfbMs;
  if (m.startedSpeakingAt !== null) {
    out.startedSpeakingAt = m.startedSpeakingAt;
    out.stoppedSpeakingAt = m.stoppedSpeakingAt;
    if (m.userStoppedSpeakingAt !== undefined && m.userStoppedSpeakingAt !== null) {
      out.e2eLatencyMs = m.startedSpeakingAt - m.userStoppedSpeakingAt;
    }
  }
  return out;
}
