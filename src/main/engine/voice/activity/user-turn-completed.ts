/**
 * What happens after the user's turn ended (the seed's `_user_turn_completed_task`): interrupt
 * the current speech if it may be interrupted (else drop the turn), run `onUserTurnCompleted`
 * on a throwaway copy of the chat context, reuse the preemptive reply if nothing changed, and
 * report the end-of-utterance metrics against the reply's speech.
 */
import type { Task } from '../../base/tasks';
import type { MessageMetrics } from '../../../../shared/engine-events';
import type { ChatContext, ChatMessage } from '../../llm/chat-context';
import { StopResponse, type FunctionTool } from '../../llm/tool-context';
import { buildEouMetrics } from '../../metrics/builders';
import type { EndOfTurnInfo } from '../recognition-hooks';
import { SPEECH_PRIORITY_NORMAL, type SpeechHandle } from '../speech-handle';
import type { ActivityParts, ReplyParts } from './activity-parts';
import { interruptBackgroundSpeeches, whenAllDone } from './interruption';
import { isRealtimeModel } from '../../llm/realtime';
import { generateReply } from './replies';
import { newUserMessage, type PreemptiveGeneration } from './user-turn';

/** What the turn completion uses of the activity (its reply needs ReplyParts). */
type TurnCompletedDeps = ReplyParts & Pick<ActivityParts, 'userTurns' | 'cancelPreemptiveGeneration'>;

/** While closing, the user's last words still belong in the history even without a reply. */
export function keepUserMessageWhileClosing(act: TurnCompletedDeps, msg: ChatMessage): void {
  if (!act.session.closing) return;
  act.agent.chatCtxValue.items.push(msg);
  act.session.conversationItemAdded(msg);
}

export async function userTurnCompleted(
  act: TurnCompletedDeps,
  oldTask: Task | null,
  info: EndOfTurnInfo,
  isCurrentTurn: () => boolean,
): Promise<void> {
  // Called as the end of turn is decided; the hook may only start once the turn has settled.
  const endOfTurnAt = act.clock.now();
  // User code is never cancelled: wait for the previous turn's hook to finish.
  if (oldTask) await oldTask.promise.catch(() => undefined); // reported by the owner
  // tools still running belong to the previous turn; stop them so the chat context is settled
  await whenAllDone(interruptBackgroundSpeeches(act, false));

  const userMessage = newUserMessage(act.clock, info.newTranscript, info.transcriptConfidence);
  if (isRealtimeModel(act.llm)) {
    if (act.llm.capabilities.turnDetection) return; // the server answers its own turns
    if (act.rtSession) {
      if (info.skipReply) {
        // a reply was already asked for (manual commit): only record what the user said
        if (info.newTranscript !== '') {
          act.agent.chatCtxValue.items.push(userMessage);
          act.session.conversationItemAdded(userMessage);
        }
        return;
      }
      act.rtSession.commitAudio();
    }
  }

  const current = act.currentSpeech;
  if (current) {
    if (!current.allowInterruptions) {
      act.warn(
        'agent_activity',
        'skipping reply to user input, current speech generation cannot be interrupted',
      );
      return;
    }
    await act.interruptions.settlePause();
    act.tracer.interrupt(current, 'user_turn');
    await whenAllDone([current]);
    act.rtSession?.interrupt();
  }

  if (act.schedulingPaused) {
    act.warn('agent_activity', 'skipping on_user_turn_completed, speech scheduling is paused');
    keepUserMessageWhileClosing(act, userMessage);
    return;
  }

  // The hook may edit this copy for this reply only; the agent's own context is untouched.
  const turnCtx = act.agent.chatCtx.copy();
  const hookStart = act.clock.now();
  const hookDone = (speechId: string | null): void =>
    act.events.emit({ type: 'user_turn_completed', endOfTurnAt, hookStartedAt: hookStart, speechId });
  try {
    await act.agent.onUserTurnCompleted(turnCtx, userMessage);
  } catch (err) {
    hookDone(null);
    if (err instanceof StopResponse) return;
    act.reportError('agent.on_user_turn_completed', err);
    return;
  }
  const hookDelayMs = act.clock.now() - hookStart;
  const report: MessageMetrics = { onUserTurnCompletedDelayMs: hookDelayMs };
  if (info.startedSpeakingAt !== null) report.startedSpeakingAt = info.startedSpeakingAt;
  if (info.stoppedSpeakingAt !== null) report.stoppedSpeakingAt = info.stoppedSpeakingAt;
  if (info.transcriptionDelayMs !== null) report.transcriptionDelayMs = info.transcriptionDelayMs;
  if (info.endOfTurnDelayMs !== null) report.endOfTurnDelayMs = info.endOfTurnDelayMs;
  userMessage.metrics = report;

  if (!act.llm || act.schedulingPaused) hookDone(null);
  if (!act.llm) return;
  if (act.schedulingPaused) {
    act.warn('agent_activity', 'skipping reply to user input, speech scheduling is paused');
    keepUserMessageWhileClosing(act, userMessage);
    return;
  }

  let handle: SpeechHandle | null = null;
  const pre = act.userTurns.takePreemptive();
  if (pre) {
    const changed = preemptiveChange(pre, userMessage.content, turnCtx, act.tools, act.toolChoice);
    if (changed === null) {
      handle = pre.speechHandle;
      // the preemptive reply carries its own message object, created before the metrics existed
      pre.userMessage.metrics = report;
      act.scheduler.scheduleSpeech(handle, SPEECH_PRIORITY_NORMAL);
      act.events.emit({ type: 'preemptive_generation', phase: 'used', speechId: handle.id });
    } else {
      act.warn(
        'agent_activity',
        `preemptive generation discarded: ${changed} changed after on_user_turn_completed`,
      );
      act.tracer.cancel(pre.speechHandle, 'preemptive_discarded');
      act.events.emit({
        type: 'preemptive_generation',
        phase: 'discarded',
        speechId: pre.speechHandle.id,
        reason: `${changed}_changed`,
      });
    }
  }

  if (!handle) {
    // a realtime model gets the transcript too: the seed passes user_message's text as the reply's
    // user_input (L925-933), which lands in the model's conversation and the agent's (L2277-2282)
    handle = generateReply(act, {
      userMessage,
      chatCtx: turnCtx,
      inputModality: 'audio',
    });
  }

  hookDone(handle.id);

  if (!isCurrentTurn()) {
    // A newer turn started: this reply is outdated. It is still created so the user message
    // reaches the chat context, then interrupted before the newer turn goes on.
    act.tracer.interrupt(handle, 'outdated_turn');
    await whenAllDone([handle]);
  }

  act.events.emit({
    type: 'metrics_collected',
    metrics: buildEouMetrics({
      speechId: handle.id,
      timestamp: act.clock.now(),
      endOfUtteranceDelayMs: info.endOfTurnDelayMs,
      transcriptionDelayMs: info.transcriptionDelayMs,
      onUserTurnCompletedDelayMs: hookDelayMs,
    }),
  });
}

/** Null when the preemptive reply is still valid, else what changed. */
function preemptiveChange(
  pre: PreemptiveGeneration,
  transcript: string,
  turnCtx: ChatContext,
  tools: FunctionTool[],
  toolChoice: unknown,
): string | null {
  if (pre.info.newTranscript !== transcript) return 'transcript';
  if (!pre.chatCtx.isEquivalent(turnCtx)) return 'chat_ctx';
  if (pre.tools.length !== tools.length || pre.tools.some((t, i) => t !== tools[i])) return 'tools';
  if (JSON.stringify(pre.toolChoice) !== JSON.stringify(toolChoice)) return 'tool_choice';
  return null;
}
