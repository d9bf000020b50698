/**
 * After a reply step's tools ran (the end of the seed's `_pipeline_reply_task_impl`): report
 * them (`function_tools_executed`), hand off to another agent if one tool returned one, and
 * either generate the tool reply as the next step of the same speech or just commit the calls
 * and outputs. `maxToolSteps` bounds how many tool rounds one speech may take.
 */
import type { MessageMetrics } from '../../../../shared/engine-events';
import type { ChatContext, ChatItem } from '../../llm/chat-context';
import type { FunctionTool } from '../../llm/tool-context';
import type { ModelSettings } from '../agent';
import type { ToolOutput } from '../generation/tool-execution';
import { SPEECH_PRIORITY_NORMAL, type SpeechHandle } from '../speech-handle';
import type { ReplyParts } from './activity-parts';
import { onPipelineReplyDone } from './reply-common';
import { commitToolOutputs } from './tool-commit';

/** The tool reply: the next step of the same speech (pipeline-reply.ts's PipelineReplyArgs). */
export interface ToolReplyArgs {
  speechHandle: SpeechHandle;
  chatCtx: ChatContext;
  tools: FunctionTool[];
  modelSettings: ModelSettings;
  newMessage: null;
  instructions: null;
  previousToolsMessages: ChatItem[];
  previousUserMetrics: MessageMetrics | null;
  signal: AbortSignal;
}

export interface ToolStepArgs {
  speechHandle: SpeechHandle;
  /** The step's own chat context (the tool reply extends it). */
  chatCtx: ChatContext;
  tools: FunctionTool[];
  modelSettings: ModelSettings;
  toolOutput: ToolOutput;
  /** The user's turn timing for the tool reply (null when the step spoke). */
  userMetrics?: MessageMetrics | null;
  /** Runs the tool reply (the pipeline reply task, passed in so the two modules form no cycle). */
  toolReply: (reply: ToolReplyArgs) => Promise<void>;
}

export function handleToolStep(act: ReplyParts, args: ToolStepArgs): void {
  const { speechHandle: sh, toolOutput } = args;
  if (toolOutput.output.length === 0) return;
  if (sh.numSteps >= act.session.options.maxToolSteps + 1) {
    act.warn('agent_activity', `maximum number of function calls steps reached (speech ${sh.id})`);
    return;
  }
  sh.numSteps += 1;

  const commit = commitToolOutputs(act, toolOutput, { toolChoice: args.modelSettings.toolChoice });
  const toolMessages: ChatItem[] = [...commit.calls, ...commit.outputs];
  if (commit.replyRequired) {
    args.chatCtx.items.push(...toolMessages);
    act.createSpeechTask(
      'activity.pipeline_reply',
      (signal) =>
        args.toolReply({
          speechHandle: sh,
          chatCtx: args.chatCtx,
          tools: args.tools,
          modelSettings: { toolChoice: commit.replyToolChoice },
          newMessage: null,
          instructions: null,
          previousToolsMessages: toolMessages,
          previousUserMetrics: args.userMetrics ?? null,
          signal,
        }),
      { speechHandle: sh, onDone: () => onPipelineReplyDone(act) },
    );
    act.scheduler.scheduleSpeech(sh, SPEECH_PRIORITY_NORMAL, true);
  } else if (commit.outputs.length > 0) {
    // committed even though no reply is generated
    act.agent.chatCtxValue.insert(toolMessages);
    act.session.toolItemsAdded(toolMessages);
  }
}
