/**
 * Steps shared by every kind of reply (pipeline, say, realtime): waiting for the scheduler's
 * authorization and the user's silence, and turning the first audible frame into the agent's
 * "speaking" state.
 */
import type { MessageMetrics } from '../../../../shared/engine-events';
import type { SpeechHandle } from '../speech-handle';
import type { AgentActivity } from './activity';
import { linkedAbort } from '../../base/async-iter';

/**
 * Waits until the scheduler authorized this step and, for an interruptible speech, the user is
 * silent (the seed's authorization_tasks); returns early when the speech is interrupted. The
 * authorization is consumed either way, so the next step must be authorized again.
 */
export async function waitForAuthorization(
  act: AgentActivity,
  sh: SpeechHandle,
  signal: AbortSignal,
): Promise<void> {
  const waiters = linkedAbort(signal);
  const waits = [sh.waitForAuthorization(waiters.signal)];
  if (sh.allowInterruptions) waits.push(act.interruptions.waitForUserSilence(waiters.signal));
  try {
    await sh.waitIfNotInterrupted(waits, signal);
  } finally {
    waiters.stop(); // releases the waiter left parked when the speech was interrupted
  }
  sh.clearAuthorization();
}

/**
 * When the reply becomes audible (the output reports playback started, or the first text when
 * there is no audio output), the agent is speaking. A promise that rejects means it never did.
 */
export function onFirstFrame(
  act: AgentActivity,
  sh: SpeechHandle,
  first: Promise<unknown>,
  onStarted?: (atMs: number) => void,
): void {
  act.session.setPlaybackSpeech(sh.id);
  void first.then(
    (at) => {
      onStarted?.(typeof at === 'number' ? at : act.clock.now());
      act.session.updateAgentState('speaking');
      act.tracer.emit(sh, 'playout_started');
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

/** The TTS-aligned transcript as plain text for the transcription node. */
export async function* transcriptInput(timed: AsyncIterable<{ text: string }>): AsyncGenerator<string> {
  for await (const t of timed) yield t.text;
}
