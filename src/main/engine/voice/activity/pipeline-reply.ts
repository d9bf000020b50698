/**
 * One step of a reply with a text LLM (the seed's `_pipeline_reply_task_impl`): LLM → TTS →
 * audio and text outputs, gated by the scheduler's authorization and the user's silence. On
 * interruption only what was heard is kept (the transcript synchronized to the playback
 * position). Tools run after the step is authorized; their outcome is handled in tool-step.ts.
 */
import type { MessageMetrics } from '../../../../shared/engine-events';
import { cancelAndWait, type Task } from '../../base/tasks';
import type { ChatContext, ChatItem, ChatMessage } from '../../llm/chat-context';
import { ToolContext, type FunctionTool } from '../../llm/tool-context';
import type { ModelSettings } from '../agent';
import { updateInstructions } from '../generation/instructions';
import { performLlmInference } from '../generation/llm-inference';
import { performToolExecutions } from '../generation/tool-execution';
import { isFlushSentinel, type FlushSentinel } from '../generation/types';
import type { SpeechHandle } from '../speech-handle';
import type { ReplyParts } from './activity-parts';
import { Tee } from '../../base/async-iter';
import { handleToolStep } from './tool-step';
import { replyMetrics, waitForAuthorization } from './reply-common';
import { SpeechAudio } from './speech-audio';

export interface PipelineReplyArgs {
  speechHandle: SpeechHandle;
  chatCtx: ChatContext;
  tools: FunctionTool[];
  modelSettings: ModelSettings;
  newMessage: ChatMessage | null;
  instructions: string | null;
  /** The tool calls and outputs that led to this step, committed when it ends. */
  previousToolsMessages?: ChatItem[] | null;
  /** The user's turn timing, carried to a tool step when the step before said nothing. */
  previousUserMetrics?: MessageMetrics | null;
  signal: AbortSignal;
}

async function* withoutFlush(source: AsyncIterable<string | FlushSentinel>): AsyncGenerator<string> {
  for await (const chunk of source) if (!isFlushSentinel(chunk)) yield chunk;
}

export async function pipelineReplyTask(act: ReplyParts, args: PipelineReplyArgs): Promise<void> {
  const { speechHandle: sh, signal, modelSettings } = args;
  const session = act.session;
  const agent = act.agent;
  const audioOutput = session.outputAudioEnabled ? session.outputAudio : null;
  const textOutput = session.outputTranscriptionEnabled ? session.outputTranscription : null;
  const env = act.generationEnv;

  const chatCtx = args.chatCtx.copy();
  const toolCtx = new ToolContext(args.tools);
  if (args.newMessage) chatCtx.insert(args.newMessage);
  if (args.instructions !== null) {
    try {
      updateInstructions(chatCtx, { instructions: args.instructions, addIfMissing: true });
    } catch (err) {
      act.reportError('update_instructions', err);
    }
  }

  const tasks: Task[] = [];
  const [llmTask, llmGen] = performLlmInference({
    node: (ctx, tools, settings, sig) => agent.llmNode(ctx, tools, settings, sig),
    chatCtx,
    toolCtx,
    modelSettings,
    env,
    speechId: sh.id,
    llmLabel: act.llm?.label,
    ...(act.llm && 'chat' in act.llm ? { llmModel: act.llm.model, llmOptions: act.llm.requestOptions } : {}),
    maxReplyChars: session.options.maxReplyChars,
  });
  tasks.push(llmTask);
  const textTee = new Tee(llmGen.textCh, 2);
  const [ttsTextInput, trTextInput] = textTee.branches;

  const speech = new SpeechAudio(act, sh, { audioOutput, textOutput, modelSettings });
  let trInput: AsyncIterable<string> = withoutFlush(trTextInput);
  if (audioOutput) {
    await llmGen.startedFut.promise; // the TTS request starts after the LLM request
    trInput = (await speech.startTts(ttsTextInput, tasks)) ?? trInput;
  }

  await sh.waitIfNotInterrupted([sh.waitForScheduled()], signal);
  // the user's message joins the history once its reply is really queued
  let userMetrics = args.previousUserMetrics ?? null;
  if (args.newMessage && sh.scheduled) {
    agent.chatCtxValue.insert(args.newMessage);
    session.conversationItemAdded(args.newMessage);
    userMetrics = args.newMessage.metrics ?? null;
  }
  if (sh.interrupted) {
    await cancelAndWait(tasks, act.clock);
    await textTee.close();
    return;
  }

  session.updateAgentState('thinking');
  await waitForAuthorization(act, sh, signal);
  if (sh.interrupted) {
    await cancelAndWait(tasks, act.clock);
    await textTee.close();
    return;
  }

  const replyStartedAt = act.clock.now();
  tasks.push(...speech.forward(trInput, { transcriptFirst: true }));

  const [exeTask, toolOutput] = performToolExecutions({
    session,
    speechHandle: sh,
    toolCtx,
    toolChoice: modelSettings.toolChoice,
    functionStream: llmGen.functionCh,
    env,
    // the call may have been generated before the step was authorized: it starts now
    toolExecutionStartedCb: (call) => {
      call.createdAt = act.clock.now();
      sh.itemAdded([call]);
    },
    toolExecutionCompletedCb: (out) => {
      if (out.fncCallOut) sh.itemAdded([out.fncCallOut]);
    },
  });

  await sh.waitIfNotInterrupted(
    tasks.map((t) => t.promise),
    signal,
  );
  if (audioOutput) await sh.waitIfNotInterrupted([audioOutput.waitForPlayout()], signal);

  const assistantMetrics = replyMetrics({
    llmTtftMs: llmGen.ttftMs,
    ttsTtfbMs: speech.ttsTtfbMs,
    startedSpeakingAt: speech.startedSpeakingAt,
    stoppedSpeakingAt: act.clock.now(),
    userStoppedSpeakingAt: userMetrics?.stoppedSpeakingAt ?? null,
  });

  if (args.previousToolsMessages && args.previousToolsMessages.length > 0) {
    agent.chatCtxValue.insert(args.previousToolsMessages);
    session.toolItemsAdded(args.previousToolsMessages);
  }

  let forwardedText = speech.text;
  if (sh.interrupted) {
    await cancelAndWait(tasks, act.clock);
    if (audioOutput) forwardedText = (await speech.heard(forwardedText)).text;
  } else {
    speech.playedOut();
    speech.warnIfNoAlignedTranscript();
  }

  if (forwardedText) {
    const msg = chatCtx.addMessage({
      role: 'assistant',
      content: forwardedText,
      id: llmGen.id,
      interrupted: sh.interrupted,
      createdAt: replyStartedAt,
    });
    msg.metrics = assistantMetrics;
    agent.chatCtxValue.insert(msg);
    session.conversationItemAdded(msg);
    sh.itemAdded([msg]);
  }

  if (!sh.interrupted && toolOutput.output.length > 0) session.updateAgentState('thinking');
  else if (session.agentState === 'speaking') session.updateAgentState('listening');

  await textTee.close();
  sh.markGenerationDone(); // frees the scheduler before the tools finish

  if (sh.interrupted) {
    await cancelAndWait([exeTask], act.clock);
    return;
  }

  act.backgroundSpeeches.add(sh);
  try {
    await exeTask.promise;
  } finally {
    act.backgroundSpeeches.delete(sh);
  }
  // no agent output may be used after this point
  handleToolStep(act, {
    speechHandle: sh,
    chatCtx,
    tools: args.tools,
    modelSettings,
    toolOutput,
    // a step that said nothing hands the user's timing on to the tool reply
    userMetrics: forwardedText ? null : userMetrics,
    toolReply: (reply) => pipelineReplyTask(act, reply),
  });
}
