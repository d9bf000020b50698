/**
 * Replies of a realtime model (the seed's `_realtime_reply_task` and
 * `_realtime_generation_task_impl`): the model produces the message (audio, or text voiced by the
 * session's TTS) and the tool calls; the activity plays it under the same authorization and
 * interruption rules as a pipeline reply, truncates the server's copy to what was heard, and
 * answers tool outputs with a new generation when the model does not do so itself.
 */
import type { AudioFrame } from '../../audio/frame';
import { cancelAndWait, type Task } from '../../base/tasks';
import type { ChatMessage } from '../../llm/chat-context';
import type { GenerationCreatedEvent, MessageGeneration } from '../../llm/realtime';
import { ToolContext } from '../../llm/tool-context';
import type { ModelSettings } from '../agent';
import { performToolExecutions } from '../generation/tool-execution';
import { capTextDraining, ReplyCap } from '../generation/reply-cap';
import type { SpeechHandle } from '../speech-handle';
import type { ReplyParts } from './activity-parts';
import { Tee } from '../../base/async-iter';
import { isRealtimeModel } from '../../llm/realtime';
import { handleRealtimeToolStep } from './realtime-tool-step';
import { replyMetrics, waitForAuthorization } from './reply-common';
import { SpeechAudio } from './speech-audio';

export interface RealtimeReplyArgs {
  speechHandle: SpeechHandle;
  modelSettings: ModelSettings;
  userInput?: string | null;
  instructions?: string | null;
  signal: AbortSignal;
}

/** A reply asked for by the application (generateReply, a tool reply): text input, then a generation. */
export async function realtimeReplyTask(act: ReplyParts, args: RealtimeReplyArgs): Promise<void> {
  const rt = act.rtSession;
  if (!rt) throw new Error('rt_session is not available');
  const { speechHandle: sh, modelSettings, signal } = args;
  // as the seed: an interruption here does not stop the request; the generation task checks it
  await waitForAuthorization(act, sh, signal, { consume: false });

  if (args.userInput !== undefined && args.userInput !== null) {
    const ctx = rt.chatCtx.copy();
    const msg = ctx.addMessage({ role: 'user', content: args.userInput, createdAt: act.clock.now() });
    await rt.updateChatCtx(ctx);
    act.agent.chatCtxValue.items.push(msg);
    act.session.conversationItemAdded(msg);
  }

  const originalToolChoice = act.toolChoice;
  const toolChoice = modelSettings.toolChoice;
  if (toolChoice !== undefined) rt.updateOptions({ toolChoice });
  try {
    const generation = await rt.generateReply(args.instructions ? { instructions: args.instructions } : {});
    await realtimeGenerationTask(act, { speechHandle: sh, generation, modelSettings, signal });
  } finally {
    if (toolChoice !== undefined && toolChoice !== originalToolChoice)
      rt.updateOptions({ toolChoice: originalToolChoice });
  }
}

export interface RealtimeGenerationArgs {
  speechHandle: SpeechHandle;
  generation: GenerationCreatedEvent;
  modelSettings: ModelSettings;
  signal: AbortSignal;
}

interface MessageOutput {
  msg: MessageGeneration;
  speech: SpeechAudio;
}

export async function realtimeGenerationTask(act: ReplyParts, args: RealtimeGenerationArgs): Promise<void> {
  const rt = act.rtSession;
  const llm = act.llm;
  if (!rt || !isRealtimeModel(llm)) throw new Error('realtime generation without a realtime session');
  const { speechHandle: sh, generation, modelSettings, signal } = args;
  const session = act.session;
  const agent = act.agent;
  const env = act.generationEnv;
  const audioOutput = session.outputAudioEnabled ? session.outputAudio : null;
  const textOutput = session.outputTranscriptionEnabled ? session.outputTranscription : null;
  const toolCtx = new ToolContext(act.tools);

  await waitForAuthorization(act, sh, signal);
  if (sh.interrupted) return;

  const tasks: Task[] = [];
  const tees: Array<Tee<unknown>> = [];
  const outputs: MessageOutput[] = [];

  const readMessages = async (taskSignal: AbortSignal): Promise<void> => {
    const forwards: Task[] = [];
    try {
      for await (const msg of generation.messageStream) {
        if (taskSignal.aborted) break;
        if (forwards.length > 0) {
          act.warn('agent_activity', 'expected to receive only one message generation from the realtime API');
          break;
        }
        const modalities = await msg.modalities;
        let ttsText: AsyncIterable<string> | null = null;
        let trText: AsyncIterable<string> = msg.textStream;
        if (!modalities.includes('audio') && act.tts) {
          if (llm.capabilities.audioOutput) {
            act.warn(
              'agent_activity',
              'text response received from realtime API, falling back to use a TTS model',
            );
          }
          // Text the model sends for the TTS to speak is a reply like an LLM's: at most
          // maxReplyChars of it is spoken, shown and kept (the model's own audio is bounded by
          // its output token limit instead).
          const cap = new ReplyCap(
            act.session.options.maxReplyChars,
            'realtime text reply',
            act.events,
            sh.id,
          );
          const tee = new Tee(capTextDraining(msg.textStream, cap), 2);
          tees.push(tee);
          [ttsText, trText] = tee.branches;
        }
        const speech = new SpeechAudio(act, sh, { audioOutput, textOutput, modelSettings });
        let audio: AsyncIterable<AudioFrame> | null = null;
        if (audioOutput) {
          if (ttsText) {
            trText = (await speech.startTts(ttsText, tasks)) ?? trText;
          } else if (modalities.includes('audio')) {
            audio = agent.realtimeAudioOutputNode(msg.audioStream, modelSettings);
          } else if (llm.capabilities.audioOutput) {
            act.reportError(
              'realtime',
              new Error(
                'text message received from a realtime model with audio modality; add a TTS as fallback',
              ),
            );
          } else {
            act.warn(
              'agent_activity',
              'audio output is enabled but neither tts nor realtime audio is available',
            );
          }
        }
        forwards.push(...speech.forward(trText, { frames: audio }));
        outputs.push({ msg, speech });
      }
      await Promise.all(forwards.map((t) => t.promise));
    } finally {
      await cancelAndWait(forwards, act.clock);
    }
  };
  tasks.push(act.owner.spawn('realtime_generation.read_messages', readMessages));

  const fncTee = new Tee(generation.functionStream, 2);
  tees.push(fncTee);
  const [fncStream, fncForTrace] = fncTee.branches;
  tasks.push(
    act.owner.spawn('realtime_generation.read_fnc_stream', async () => {
      for await (const _call of fncForTrace) {
        // read so the tee's buffer for this branch does not grow; calls are traced by the executor
      }
    }),
  );

  const [exeTask, toolOutput] = performToolExecutions({
    session,
    speechHandle: sh,
    toolCtx,
    toolChoice: modelSettings.toolChoice,
    functionStream: fncStream,
    env,
    toolExecutionStartedCb: (call) => {
      sh.itemAdded([call]);
      agent.chatCtxValue.items.push(call);
      session.toolItemsAdded([call]);
    },
    toolExecutionCompletedCb: (out) => {
      if (out.fncCallOut) sh.itemAdded([out.fncCallOut]);
    },
  });

  await sh.waitIfNotInterrupted(
    tasks.map((t) => t.promise),
    signal,
  );
  if (audioOutput) {
    await sh.waitIfNotInterrupted([audioOutput.waitForPlayout()], signal);
    session.updateAgentState('listening');
  }
  const stoppedSpeakingAt = act.clock.now();

  const first = outputs[0] ?? null;
  let forwardedText = first?.speech.text ?? '';
  if (sh.interrupted) {
    await cancelAndWait(tasks, act.clock);
    if (first && audioOutput) {
      const heard = await first.speech.heard(forwardedText);
      forwardedText = heard.text;
      if (llm.capabilities.messageTruncation) {
        const audioEndMs = Math.round(heard.positionMs);
        rt.truncate({
          messageId: first.msg.messageId,
          modalities: await first.msg.modalities,
          audioEndMs,
          audioTranscript: forwardedText,
        });
        act.events.emit({
          type: 'realtime_truncated',
          speechId: sh.id,
          messageId: first.msg.messageId,
          audioEndMs,
        });
      }
    }
  } else {
    first?.speech.playedOut();
    first?.speech.warnIfNoAlignedTranscript();
  }

  if (first && forwardedText) {
    const startedSpeakingAt = first.speech.startedSpeakingAt;
    const msg: ChatMessage = {
      type: 'message',
      id: first.msg.messageId,
      role: 'assistant',
      content: forwardedText,
      interrupted: sh.interrupted,
      createdAt: startedSpeakingAt ?? act.clock.now(),
      metrics: replyMetrics({ startedSpeakingAt, stoppedSpeakingAt }),
    };
    agent.chatCtxValue.items.push(msg);
    sh.itemAdded([msg]);
    session.conversationItemAdded(msg);
  }

  for (const tee of tees) await tee.close();
  sh.markGenerationDone();

  if (sh.interrupted) {
    await cancelAndWait([exeTask], act.clock);
    return;
  }
  void toolOutput.firstToolStartedFut.promise.then(
    () => session.updateAgentState('thinking'),
    () => undefined, // no tool ran
  );
  act.backgroundSpeeches.add(sh);
  try {
    await exeTask.promise;
  } finally {
    act.backgroundSpeeches.delete(sh);
  }
  await handleRealtimeToolStep(act, {
    speechHandle: sh,
    modelSettings,
    toolOutput,
    signal,
    toolReply: (reply) => realtimeReplyTask(act, reply),
  });
}
