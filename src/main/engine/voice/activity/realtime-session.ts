/**
 * The activity's side of a realtime model session (the seed's `_start_session` realtime part
 * and its "Realtime Session events" region): opening it with the agent's instructions, context
 * and tools, and reacting to what the server reports (user speech, transcripts, generations it
 * started by itself, metrics, errors).
 */
import { shortId, type ChatMessage } from '../../llm/chat-context';
import {
  RealtimeError,
  type GenerationCreatedEvent,
  type InputSpeechStoppedEvent,
  type InputTranscriptionCompleted,
  type RealtimeModel,
} from '../../llm/realtime';
import { removeInstructions } from '../generation/instructions';
import { SPEECH_PRIORITY_NORMAL, SpeechHandle } from '../speech-handle';
import type { ActivityParts, ReplyParts } from './activity-parts';
import { errorText } from '../../base/errors';
import { interrupt } from './interruption';
import { realtimeGenerationTask } from './realtime-reply';

/** What the realtime session's listeners use of the activity (its replies need ReplyParts). */
type RealtimeSessionDeps = ReplyParts &
  Pick<ActivityParts, 'realtime' | 'vad' | 'cancelPreemptiveGeneration'>;

/** Opens the realtime session through the activity's binding and pushes the agent's state to the server. */
export async function startRealtimeSession(act: RealtimeSessionDeps, model: RealtimeModel): Promise<void> {
  const rt = act.realtime.attach(model, {
    generation_created: (ev) => onGenerationCreated(act, ev),
    input_speech_started: () => onInputSpeechStarted(act),
    input_speech_stopped: (ev) => onInputSpeechStopped(act, ev),
    input_audio_transcription_completed: (ev) => onTranscriptionCompleted(act, ev),
    metrics_collected: (m) => act.events.emit({ type: 'metrics_collected', metrics: m }),
    error: (e) =>
      act.events.emit({
        type: 'error',
        source: 'realtime',
        message: errorText(e.error),
        recoverable: e.recoverable,
      }),
  });
  // the server keeps the instructions separately from the conversation
  removeInstructions(act.agent.chatCtxValue);
  const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof RealtimeError)) throw err;
      act.reportError(`realtime.${what}`, err);
    }
  };
  await attempt('update_instructions', () => rt.updateInstructions(act.agent.instructionsValue));
  await attempt('update_chat_ctx', () => rt.updateChatCtx(act.agent.chatCtx));
  await attempt('update_tools', () => rt.updateTools(act.tools));
  if (!model.capabilities.audioOutput && !act.tts && act.session.outputAudio) {
    act.reportError(
      'realtime',
      new Error('audio output is enabled but the RealtimeModel has no audio modality and no TTS is set'),
    );
  }
}

function onInputSpeechStarted(act: RealtimeSessionDeps): void {
  if (!act.vad) act.session.updateUserState('speaking');
  // the server already stopped its response; the local speech must stop too
  try {
    void interrupt(act, false, 'realtime_input');
  } catch (err) {
    act.reportError('realtime.input_speech_started', err);
  }
}

function onInputSpeechStopped(act: RealtimeSessionDeps, ev: InputSpeechStoppedEvent): void {
  if (!act.vad) act.session.updateUserState('listening');
  if (ev.userTranscriptionEnabled) {
    act.session.userInputTranscribed({ transcript: '', isFinal: false, language: null, speakerId: null });
  }
}

function onTranscriptionCompleted(act: RealtimeSessionDeps, ev: InputTranscriptionCompleted): void {
  act.session.userInputTranscribed({
    transcript: ev.transcript,
    isFinal: ev.isFinal,
    language: null,
    speakerId: null,
  });
  if (!ev.isFinal) return;
  const msg: ChatMessage = {
    type: 'message',
    id: ev.itemId || shortId('item'),
    role: 'user',
    content: ev.transcript,
    interrupted: false,
    createdAt: act.clock.now(),
  };
  act.agent.chatCtxValue.items.push(msg);
  act.session.conversationItemAdded(msg);
}

/** A generation the server started by itself (its own turn detection). */
function onGenerationCreated(act: RealtimeSessionDeps, ev: GenerationCreatedEvent): void {
  if (ev.userInitiated) return; // handled inside the reply task that asked for it
  if (act.schedulingPaused) {
    act.warn('agent_activity', 'skipping new realtime generation, the speech scheduling is not running');
    return;
  }
  const handle = SpeechHandle.create({
    clock: act.clock,
    logger: act.session.logger,
    allowInterruptions: act.allowInterruptions,
    inputDetails: { modality: 'audio' },
  });
  // the seed's source for a server-started speech (L1217-1220), not a realtime-only name
  act.events.emit({
    type: 'speech_created',
    userInitiated: false,
    source: 'generate_reply',
    speechId: handle.id,
  });
  act.tracer.track(handle, 'realtime');
  act.createSpeechTask(
    'activity.realtime_generation',
    (signal) =>
      realtimeGenerationTask(act, { speechHandle: handle, generation: ev, modelSettings: {}, signal }),
    { speechHandle: handle },
  );
  act.scheduler.scheduleSpeech(handle, SPEECH_PRIORITY_NORMAL);
}
