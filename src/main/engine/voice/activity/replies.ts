/**
 * The two ways a speech is born (the seed's `say` and `_generate_reply`): each creates a
 * SpeechHandle, announces it (`speech_created`), starts the task that produces it and queues
 * it. The tasks themselves live in tts-reply.ts and pipeline-reply.ts.
 */
import type { AudioFrame } from '../../audio/frame';
import type { ChatContext, ChatMessage } from '../../llm/chat-context';
import type { ToolChoice } from '../../llm/llm';
import { withoutIgnoreOnEnter } from '../../llm/tool-context';
import { SPEECH_PRIORITY_NORMAL, SpeechHandle, speechTaskContext } from '../speech-handle';
import type { ReplyParts } from './activity-parts';
import { currentOnEnter } from './on-enter-context';
import { pipelineReplyTask } from './pipeline-reply';
import { isRealtimeModel } from '../../llm/realtime';
import { realtimeReplyTask } from './realtime-reply';
import { onPipelineReplyDone } from './reply-common';
import { cutIndex } from '../generation/reply-cap';
import { ttsTask } from './tts-reply';

export interface SayOptions {
  /** Prerecorded audio to play instead of synthesizing `text`. */
  audio?: AsyncIterable<AudioFrame>;
  allowInterruptions?: boolean;
  addToChatCtx?: boolean;
  /**
   * Queue priority (SPEECH_PRIORITY_*; default NORMAL). The seed's public `say` has none; this is
   * its `_schedule_speech(handle, priority)` for a harness that schedules with another one.
   */
  priority?: number;
}

export interface GenerateReplyOptions {
  userMessage?: ChatMessage | null;
  chatCtx?: ChatContext | null;
  /** Extra instructions, appended to the agent's for this reply only. */
  instructions?: string;
  toolChoice?: ToolChoice;
  allowInterruptions?: boolean;
  /** False for a preemptive reply: it is queued later, when the turn really ends. */
  scheduleSpeech?: boolean;
  inputModality?: 'text' | 'audio';
  /** Queue priority (SPEECH_PRIORITY_*; default NORMAL), as SayOptions.priority. */
  priority?: number;
}

/** Queues a speech; a refused speech (scheduling paused) is cancelled so its task ends. */
function schedule(act: ReplyParts, handle: SpeechHandle, priority = SPEECH_PRIORITY_NORMAL): void {
  try {
    act.scheduler.scheduleSpeech(handle, priority);
  } catch (err) {
    act.tracer.cancel(handle, 'not_scheduled');
    throw err;
  }
}

function realtimeRefusesUninterruptible(
  act: ReplyParts,
  allow: boolean | undefined,
  what: string,
): boolean | undefined {
  const llm = act.llm;
  if (isRealtimeModel(llm) && llm.capabilities.turnDetection && allow === false) {
    act.warn(
      'agent_activity',
      `the RealtimeModel uses a server-side turn detection, allowInterruptions cannot be false when using ${what}`,
    );
    return undefined;
  }
  return allow;
}

export function say(
  act: ReplyParts,
  text: string | AsyncIterable<string>,
  opts: SayOptions = {},
): SpeechHandle {
  if (!opts.audio && !act.tts && act.session.outputAudio && act.session.outputAudioEnabled) {
    throw new Error('trying to generate speech from text without a TTS model');
  }
  const allow = realtimeRefusesUninterruptible(act, opts.allowInterruptions, 'say()');
  const handle = SpeechHandle.create({
    clock: act.clock,
    logger: act.session.logger,
    allowInterruptions: allow ?? act.allowInterruptions,
  });
  act.events.emit({ type: 'speech_created', userInitiated: true, source: 'say', speechId: handle.id });
  // the trace shows what will be said: at most maxReplyChars (tts-reply cuts and warns)
  const limit = act.session.options.maxReplyChars;
  act.tracer.track(
    handle,
    'say',
    typeof text === 'string' ? text.slice(0, cutIndex(text, limit)) : undefined,
  );
  act.createSpeechTask(
    'activity.tts_say',
    (signal) =>
      ttsTask(act, {
        speechHandle: handle,
        text,
        audio: opts.audio ?? null,
        addToChatCtx: opts.addToChatCtx ?? true,
        modelSettings: {},
        signal,
      }),
    { speechHandle: handle, onDone: () => onPipelineReplyDone(act) },
  );
  schedule(act, handle, opts.priority);
  return handle;
}

export function generateReply(act: ReplyParts, opts: GenerateReplyOptions = {}): SpeechHandle {
  const allow = realtimeRefusesUninterruptible(act, opts.allowInterruptions, 'generateReply()');
  const llm = act.llm;
  if (!llm) throw new Error('trying to generate reply without an LLM model');

  let toolChoice = opts.toolChoice;
  // a reply asked for from inside a tool must not call tools again by default
  if (toolChoice === undefined && speechTaskContext.getStore()?.functionCallName) toolChoice = 'none';

  let tools = act.tools;
  const onEnter = currentOnEnter();
  if (onEnter && onEnter.agent === act.agent && onEnter.session === act.session) {
    tools = withoutIgnoreOnEnter(tools);
  }

  const handle = SpeechHandle.create({
    clock: act.clock,
    logger: act.session.logger,
    allowInterruptions: allow ?? act.allowInterruptions,
    inputDetails: { modality: opts.inputModality ?? 'audio' },
  });
  act.events.emit({
    type: 'speech_created',
    userInitiated: true,
    source: 'generate_reply',
    speechId: handle.id,
  });
  act.tracer.track(handle, 'generate_reply');

  if (isRealtimeModel(llm)) {
    act.createSpeechTask(
      'activity.realtime_reply',
      (signal) =>
        realtimeReplyTask(act, {
          speechHandle: handle,
          userInput: opts.userMessage?.content ?? null,
          instructions: opts.instructions ?? null,
          modelSettings: { toolChoice },
          signal,
        }),
      { speechHandle: handle },
    );
    if (opts.scheduleSpeech ?? true) schedule(act, handle, opts.priority);
    return handle;
  }

  // extra instructions come on top of the agent's, as the Realtime API's response.create does
  const instructions = opts.instructions ? `${act.agent.instructions}\n${opts.instructions}` : null;
  const modelToolChoice = toolChoice !== undefined || act.toolChoice === null ? toolChoice : act.toolChoice;
  act.createSpeechTask(
    'activity.pipeline_reply',
    (signal) =>
      pipelineReplyTask(act, {
        speechHandle: handle,
        chatCtx: opts.chatCtx ?? act.agent.chatCtxValue,
        tools,
        newMessage: opts.userMessage ?? null,
        instructions,
        modelSettings: { toolChoice: modelToolChoice, replyInstructions: opts.instructions ?? null },
        signal,
      }),
    { speechHandle: handle, onDone: () => onPipelineReplyDone(act) },
  );
  if (opts.scheduleSpeech ?? true) schedule(act, handle, opts.priority);
  return handle;
}
