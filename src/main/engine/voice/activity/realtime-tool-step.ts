/**
 * After the tools of a realtime generation ran (the end of the seed's
 * `_realtime_generation_task_impl`): outputs go to the agent's context and to the server's, a
 * handoff is started if a tool returned an agent, and a new generation answers the outputs
 * unless the model generates tool replies by itself.
 */
import { RealtimeError } from '../../llm/realtime';
import type { FunctionCallOutputData } from '../../../../shared/engine-events';
import type { FunctionCallOutputItem } from '../../llm/chat-context';
import type { Agent, ModelSettings } from '../agent';
import type { ToolOutput } from '../generation/tool-execution';
import { SPEECH_PRIORITY_NORMAL, type SpeechHandle } from '../speech-handle';
import type { AgentActivity } from './activity';
import { isRealtimeModel } from './realtime-guard';
import { realtimeReplyTask } from './realtime-reply';

export async function handleRealtimeToolStep(
  act: AgentActivity,
  args: {
    speechHandle: SpeechHandle;
    modelSettings: ModelSettings;
    toolOutput: ToolOutput;
    signal: AbortSignal;
  },
): Promise<void> {
  const { speechHandle: sh, toolOutput, signal } = args;
  const rt = act.rtSession;
  const llm = act.llm;
  if (toolOutput.output.length === 0 || !rt || !isRealtimeModel(llm)) return;
  sh.numSteps += 1;

  const newOutputs: FunctionCallOutputItem[] = [];
  const functionCalls: { callId: string; name: string; arguments: string }[] = [];
  const functionCallOutputs: (FunctionCallOutputData | null)[] = [];
  let replyRequired = false;
  let newAgent: Agent | null = null;
  let ignoreTaskSwitch = false;
  for (const out of toolOutput.output) {
    functionCalls.push({
      callId: out.fncCall.callId,
      name: out.fncCall.name,
      arguments: out.fncCall.arguments,
    });
    const o = out.fncCallOut;
    functionCallOutputs.push(
      o ? { callId: o.callId, name: o.name, output: o.output, isError: o.isError } : null,
    );
    if (o) {
      newOutputs.push(o);
      if (out.replyRequired) replyRequired = true;
      act.agent.chatCtxValue.items.push(o);
      act.session.toolItemsAdded([o]);
    }
    if (newAgent && out.agentTask) {
      act.reportError(
        'agent_activity',
        new Error('expected to receive only one agent from the tool executions'),
      );
      ignoreTaskSwitch = true;
    }
    newAgent = out.agentTask ?? null;
  }
  act.events.emit({ type: 'function_tools_executed', functionCalls, functionCallOutputs });

  let draining = act.schedulingPaused;
  if (newAgent && !ignoreTaskSwitch) {
    act.session.updateAgent(newAgent);
    draining = true;
  }

  if (newOutputs.length > 0) {
    // most realtime models cannot generate two responses at once: let queued speech play first
    while (act.currentSpeech || !act.scheduler.queue.isEmpty()) {
      const current = act.currentSpeech;
      if (current && !current.done() && current !== sh) await current.waitForPlayout();
      else await act.clock.sleep(0, signal);
    }
    const ctx = rt.chatCtx.copy();
    ctx.items.push(...newOutputs);
    try {
      await rt.updateChatCtx(ctx);
    } catch (err) {
      if (!(err instanceof RealtimeError)) throw err;
      act.warn(
        'agent_activity',
        `failed to update chat context before generating the function calls results: ${err.message}`,
      );
    }
  }

  if (replyRequired && !llm.capabilities.autoToolReplyGeneration) {
    rt.interrupt();
    const toolChoice = draining || args.modelSettings.toolChoice === 'none' ? 'none' : 'auto';
    act.createSpeechTask(
      'activity.realtime_reply',
      (taskSignal) =>
        realtimeReplyTask(act, { speechHandle: sh, modelSettings: { toolChoice }, signal: taskSignal }),
      { speechHandle: sh },
    );
    act.scheduler.scheduleSpeech(sh, SPEECH_PRIORITY_NORMAL, true);
  }
}
