/**
 * Committing a reply step's tool results, one implementation for pipeline and realtime replies
 * (upstream writes this loop twice, at the end of _pipeline_reply_task_impl and of
 * _realtime_generation_task_impl): collect the calls that have outputs, report every call
 * (`function_tools_executed`, including those without output), hand the session to the agent a
 * tool returned (an error, and no handoff, when two tools returned one), and tell whether a reply
 * is required and with which tool choice. What happens to the items next differs per reply kind
 * and stays with the caller (tool-step.ts, realtime-tool-step.ts).
 */
import type { FunctionCallOutputData } from '../../../../shared/engine-events';
import type { EventSink } from '../../event-bus';
import type { FunctionCallItem, FunctionCallOutputItem } from '../../llm/chat-context';
import type { ToolChoice } from '../../llm/llm';
import type { Agent } from '../agent';
import type { ToolOutput } from '../generation/tool-execution';

/** What the commit reads and touches of the activity (AgentActivity satisfies it as it is). */
export interface ToolCommitDeps {
  readonly events: EventSink;
  reportError(source: string, err: unknown): void;
  /** Scheduling is paused: the activity is draining, a tool reply may not call tools again. */
  readonly schedulingPaused: boolean;
  readonly session: { updateAgent(agent: Agent): void };
}

export interface ToolCommitOptions {
  /** The step's tool choice: a reply to tool outputs keeps 'none', else it gets 'auto'. */
  toolChoice: ToolChoice | null | undefined;
  /** Called for each output, in order, before the handoff check of its call (realtime commits it here). */
  onOutput?: (output: FunctionCallOutputItem) => void;
}

export interface ToolCommit {
  /** The calls that produced an output, in completion order. */
  calls: FunctionCallItem[];
  /** Their outputs, in the same order. */
  outputs: FunctionCallOutputItem[];
  /** A tool wants the model to answer its output. */
  replyRequired: boolean;
  /** The agent the session was handed to; null when none was (or two tools returned one). */
  newAgent: Agent | null;
  /** The tool choice of the reply: never forced when answering with tool results. */
  replyToolChoice: 'none' | 'auto';
}

export function commitToolOutputs(
  deps: ToolCommitDeps,
  toolOutput: ToolOutput,
  opts: ToolCommitOptions,
): ToolCommit {
  const calls: FunctionCallItem[] = [];
  const outputs: FunctionCallOutputItem[] = [];
  const functionCalls: { callId: string; name: string; arguments: string }[] = [];
  const functionCallOutputs: (FunctionCallOutputData | null)[] = [];
  let replyRequired = false;
  let newAgent: Agent | null = null;
  let ignoreTaskSwitch = false;

  for (const out of toolOutput.output) {
    const { fncCall: call, fncCallOut: o } = out;
    functionCalls.push({ callId: call.callId, name: call.name, arguments: call.arguments });
    functionCallOutputs.push(
      o ? { callId: o.callId, name: o.name, output: o.output, isError: o.isError } : null,
    );
    if (o) {
      calls.push(call);
      outputs.push(o);
      if (out.replyRequired) replyRequired = true;
      opts.onOutput?.(o);
    }
    if (newAgent && out.agentTask) {
      deps.reportError(
        'agent_activity',
        new Error('expected to receive only one agent from the tool executions'),
      );
      ignoreTaskSwitch = true;
    }
    // as the seed: the last output decides (a later output without an agent clears it)
    newAgent = out.agentTask ?? null;
  }

  deps.events.emit({ type: 'function_tools_executed', functionCalls, functionCallOutputs });

  let draining = deps.schedulingPaused;
  const handoff = ignoreTaskSwitch ? null : newAgent;
  if (handoff) {
    deps.session.updateAgent(handoff);
    draining = true;
  }
  return {
    calls,
    outputs,
    replyRequired,
    newAgent: handoff,
    replyToolChoice: draining || opts.toolChoice === 'none' ? 'none' : 'auto',
  };
}
