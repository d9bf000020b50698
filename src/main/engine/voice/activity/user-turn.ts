/**
 * The activity's RecognitionHooks (the seed's "recognition hooks" region): user speaking state,
 * the user-silence gate, interruptions from VAD and transcripts, the end of a user turn and the
 * preemptive generation. The hooks are synchronous; anything async runs as an owned task.
 */
import type { ChatMessage } from '../../llm/chat-context';
import { shortId } from '../../llm/chat-context';
import { splitWords } from '../../tokenize/basic';
import type { SpeechEvent } from '../../stt/stt';
import type { VADEvent } from '../../vad/vad';
import type { EndOfTurnInfo, PreemptiveGenerationInfo } from '../recognition-hooks';
import type { AgentActivity } from './activity';
import {
  interruptByAudioActivity,
  spawnCancelSpeechPause,
  startFalseInterruptionTimer,
} from './interruption';
import { isRealtimeModel } from './realtime-guard';
import { generateReply } from './replies';
import { userTurnCompleted } from './user-turn-completed';

function ignoresStt(act: AgentActivity): boolean {
  const llm = act.llm;
  return isRealtimeModel(llm) && llm.capabilities.userTranscription;
}

function manualOrRealtime(act: AgentActivity): boolean {
  return act.turnDetection === 'manual' || act.turnDetection === 'realtime_llm';
}

export function onStartOfSpeech(act: AgentActivity, ev: VADEvent | null): void {
  let startedAt = act.clock.now();
  if (ev) startedAt -= ev.speechDurationMs;
  act.session.updateUserState('speaking', { lastSpeakingTime: startedAt });
  act.userSilenceEvent.clear();
  act.sttEosReceived = false;
  // the user speaks again: keep the pause, but no resume until they stop
  if (act.falseInterruptionTimer) {
    act.falseInterruptionTimer.cancel();
    act.falseInterruptionTimer = null;
  }
}

export function onEndOfSpeech(act: AgentActivity, ev: VADEvent | null): void {
  let endedAt = act.clock.now();
  if (ev) endedAt -= ev.silenceDurationMs;
  else act.sttEosReceived = true;
  act.session.updateUserState('listening', { lastSpeakingTime: endedAt });
  act.userSilenceEvent.set();
  const timeout = act.session.options.falseInterruptionTimeoutMs;
  if (act.pausedSpeech && timeout !== null) startFalseInterruptionTimer(act, timeout);
}

export function onVadInferenceDone(act: AgentActivity, ev: VADEvent): void {
  if (manualOrRealtime(act)) return;
  const opts = act.session.options;
  const activeSpeech = ev.speechDurationMs >= opts.minInterruptionDurationMs;
  // The STT may end the turn before the VAD does: then only still-ongoing speech interrupts.
  if (
    activeSpeech &&
    (act.turnDetection !== 'stt' || !act.sttEosReceived || ev.rawAccumulatedSilenceMs === 0)
  ) {
    interruptByAudioActivity(act, 'vad');
  }
  // short pauses between words do not open the gate
  if (ev.speaking && ev.rawAccumulatedSilenceMs <= opts.minEndpointingDelayMs / 2)
    act.userSilenceEvent.clear();
  else act.userSilenceEvent.set();
}

function transcribed(act: AgentActivity, ev: SpeechEvent, isFinal: boolean): string {
  const alt = ev.alternatives[0];
  const text = alt?.text ?? '';
  act.session.userInputTranscribed({
    transcript: text,
    isFinal,
    language: alt?.language ?? null,
    speakerId: alt?.speakerId ?? null,
  });
  return text;
}

function maybeArmAfterSpeech(act: AgentActivity, speaking: boolean | null): void {
  const timeout = act.session.options.falseInterruptionTimeoutMs;
  // interrupted by a transcript that came after the end of speech: nothing else will arm it
  if (speaking === false && act.pausedSpeech && timeout !== null) startFalseInterruptionTimer(act, timeout);
}

export function onInterimTranscript(act: AgentActivity, ev: SpeechEvent, speaking: boolean | null): void {
  if (ignoresStt(act)) return;
  const text = transcribed(act, ev, false);
  if (text && !manualOrRealtime(act)) {
    interruptByAudioActivity(act, 'stt');
    maybeArmAfterSpeech(act, speaking);
  }
}

export function onFinalTranscript(act: AgentActivity, ev: SpeechEvent, speaking: boolean | null): void {
  if (ignoresStt(act)) return;
  transcribed(act, ev, true);
  // The VAD may have missed the speech: the transcript interrupts (idempotent).
  if (act.audioRecognition && !manualOrRealtime(act)) {
    interruptByAudioActivity(act, 'stt');
    maybeArmAfterSpeech(act, speaking);
  }
  spawnCancelSpeechPause(act);
}

export function newUserMessage(act: AgentActivity, transcript: string, confidence: number): ChatMessage {
  return {
    type: 'message',
    id: shortId('item'),
    role: 'user',
    content: transcript,
    interrupted: false,
    createdAt: act.clock.now(),
    transcriptConfidence: confidence,
  };
}

/** While closing, the user's last words still belong in the history even without a reply. */
export function keepUserMessageWhileClosing(act: AgentActivity, msg: ChatMessage): void {
  if (!act.session.closing) return;
  act.agent.chatCtxValue.items.push(msg);
  act.session.conversationItemAdded(msg);
}

export function onPreemptiveGeneration(act: AgentActivity, info: PreemptiveGenerationInfo): void {
  const current = act.currentSpeech;
  if (
    !act.session.options.preemptiveGeneration ||
    act.schedulingPaused ||
    (current !== null && !current.interrupted) ||
    !act.llm ||
    isRealtimeModel(act.llm)
  ) {
    return;
  }
  act.cancelPreemptiveGeneration('new_transcript');
  const userMessage = newUserMessage(act, info.newTranscript, info.transcriptConfidence);
  const chatCtx = act.agent.chatCtx.copy();
  const speechHandle = generateReply(act, {
    userMessage,
    chatCtx,
    scheduleSpeech: false,
    inputModality: 'audio',
  });
  act.preemptiveGeneration = {
    speechHandle,
    userMessage,
    info,
    chatCtx: chatCtx.copy(),
    tools: act.tools,
    toolChoice: act.toolChoice,
    createdAt: act.clock.now(),
  };
  act.events.emit({ type: 'preemptive_generation', phase: 'started', speechId: speechHandle.id });
}

/**
 * The user's turn ended. Returning false refuses it (recognition keeps the transcript): a turn
 * too short to interrupt the current speech under minInterruptionWords.
 */
export function onEndOfTurn(act: AgentActivity, info: EndOfTurnInfo): boolean {
  if (act.schedulingPaused) {
    act.cancelPreemptiveGeneration('scheduling_paused');
    act.warn('agent_activity', 'skipping user input, speech scheduling is paused');
    keepUserMessageWhileClosing(act, newUserMessage(act, info.newTranscript, info.transcriptConfidence));
    return true;
  }
  const current = act.currentSpeech;
  const minWords = act.session.options.minInterruptionWords;
  if (
    act.stt &&
    act.turnDetection !== 'manual' &&
    current &&
    current.allowInterruptions &&
    !current.interrupted &&
    minWords > 0 &&
    splitWords(info.newTranscript, { splitCharacter: true }).length < minWords
  ) {
    act.cancelPreemptiveGeneration('min_interruption_words');
    return false;
  }
  const oldTask = act.userTurnCompletedTask;
  const task = act.createSpeechTask('activity.user_turn_completed', () =>
    userTurnCompleted(act, oldTask, info, () => act.userTurnCompletedTask === task),
  );
  act.userTurnCompletedTask = task;
  return true;
}
