/**
 * After a reply step's tools ran (the end of the seed's `_pipeline_reply_task_impl`): report
 * them (`function_tools_executed`), hand off to another agent if one tool returned one, and
 * either generate the tool reply as the next step of the same speech or just commit the calls
 * and outputs. `maxToolSteps` bounds how many tool rounds one speech may take.
 */
import type { FunctionCallOutputData, MessageMetrics } from '../../../../shared/engine-events';
import type { ChatContext, ChatItem, FunctionCallItem, FunctionCallOutputItem } from '../../llm/chat-context';
import type { FunctionTool } from '../../llm/tool-context';
import type { Agent, ModelSettings } from '../agent';
import type { ToolOutput } from '../generation/tool-execution';
import { SPEECH_PRIORITY_NORMAL, type SpeechHandle } from '../speech-handle';
import type { AgentActivity } from './activity';
import { pipelineReplyTask } from './pipeline-reply';
import { onPipelineReplyDone } from './replies';

export interface ToolStepArgs {
  speechHandle: SpeechHandle;
  /** The step's own chat context (the tool reply extends it). */
  chatCtx: ChatContext;
  tools: FunctionTool[];
  modelSettings: ModelSettings;
  toolOutput: ToolOutput;
  /** Scheduling was paused when the step ended (the activity is draining). */
  draining: boolean;
  /** The user's turn timing for the tool reply (null when the step spoke). */
  userMetrics?: MessageMetrics | null;
}

export function handleToolStep(act: AgentActivity, args: ToolStepArgs): void {
  const { speechHandle: sh, toolOutput } = args;
  if (toolOutput.output.length === 0) return;
  if (sh.numSteps >= act.session.options.maxToolSteps + 1) {
    act.warn('agent_activity', `maximum number of function calls steps reached (speech ${sh.id})`);
    return;
  }
  sh.numSteps += 1;

  const newCalls: FunctionCallItem[] = [];
  const newOutputs: FunctionCallOutputItem[] = [];
  const functionCalls: { callId: string; name: string; arguments: string }[] = [];
  const functionCallOutputs: (FunctionCallOutputData | null)[] = [];
  let replyRequired = false;
  let newAgent: Agent | null = null;
  let ignoreTaskSwitch = false;

  for (const out of toolOutput.output) {
    if (out.fncCallOut) {
      newCalls.push(out.fncCall);
      newOutputs.push(out.fncCallOut);
      if (out.replyRequired) replyRequired = true;
    }
    functionCalls.push({
      callId: out.fncCall.callId,
      name: out.fncCall.name,
      arguments: out.fncCall.arguments,
    });
    functionCallOutputs.push(
      out.fncCallOut
        ? {
            callId: out.fncCallOut.callId,
            name: out.fncCallOut.name,
            output: out.fncCallOut.output,
            isError: out.fncCallOut.isError,
          }
        : null,
    );
    if (newAgent && out.agentTask) {
      act.reportError(
        'agent_activity',
        new Error('expected to receive only one agent from the tool executions'),
      );
      ignoreTaskSwitch = true;
    }
    // as the seed: the last output decides (a later output without an agent clears it)
    newAgent = out.agentTask ?? null;
  }
  const handoffRequired = newAgent !== null && !ignoreTaskSwitch;

  act.events.emit({ type: 'function_tools_executed', functionCalls, functionCallOutputs });

  let draining = args.draining;
  if (handoffRequired && newAgent) {
    act.session.updateAgent(newAgent);
    draining = true;
  }

  const toolMessages: ChatItem[] = [...newCalls, ...newOutputs];
  if (replyRequired) {
    args.chatCtx.items.push(...toolMessages);
    // never force a tool again when answering with the tool results
    const toolChoice = draining || args.modelSettings.toolChoice === 'none' ? 'none' : 'auto';
    act.createSpeechTask(
      'activity.pipeline_reply',
      (signal) =>
        pipelineReplyTask(act, {
          speechHandle: sh,
          chatCtx: args.chatCtx,
          tools: args.tools,
          modelSettings: { toolChoice },
          newMessage: null,
          instructions: null,
          previousToolsMessages: toolMessages,
          previousUserMetrics: args.userMetrics ?? null,
          signal,
        }),
      { speechHandle: sh, onDone: () => onPipelineReplyDone(act) },
    );
    act.scheduler.scheduleSpeech(sh, SPEECH_PRIORITY_NORMAL, true);
  } else if (newOutputs.length > 0) {
    // committed even though no reply is generated
    act.agent.chatCtxValue.insert(toolMessages);
    act.session.toolItemsAdded(toolMessages);
  }
}
