/**
 * Runs the tool calls of one LLM step (upstream generation.py perform_tool_executions). Calls
 * start as they stream in and run concurrently; each becomes a ToolExecutionOutput. Cancelling
 * the execution stops reading new calls but lets the running ones finish (their output still
 * matters to the conversation); closing the session aborts them through their RunContext signal.
 *
 * Deliberate improvement on the seed (scenario-format §3): a call to an unknown name gets the
 * error output `Unknown function: NAME` (and a `warning` event) instead of being dropped.
 */
import { Future, isCancelled, type Task } from '../../base/tasks';
import { shortId, type FunctionCallItem } from '../../llm/chat-context';
import type { ToolChoice } from '../../llm/llm';
import {
  RunContext,
  StopResponse,
  ToolError,
  prepareFunctionArguments,
  type FunctionTool,
  type ToolContext,
} from '../../llm/tool-context';
import { speechTaskContext, type SpeechHandle } from '../speech-handle';
import { GuardedIterator } from './iter';
import { isValidFunctionOutput, makeToolOutput, type ToolExecutionOutput } from './tool-output';
import { errorText } from '../../base/errors';
import type { GenerationEnv } from './types';

/** Upstream _ToolOutput. */
export interface ToolOutput {
  /** Outputs in completion order. */
  output: ToolExecutionOutput[];
  /** Resolved when the first valid call starts running. */
  readonly firstToolStartedFut: Future<void>;
}

export interface PerformToolExecutionsArgs<S> {
  session: S;
  speechHandle: SpeechHandle;
  toolCtx: ToolContext;
  toolChoice: ToolChoice | null | undefined;
  functionStream: AsyncIterable<FunctionCallItem>;
  toolExecutionStartedCb: (fncCall: FunctionCallItem) => void;
  toolExecutionCompletedCb: (out: ToolExecutionOutput) => void;
  env: GenerationEnv;
}

export function performToolExecutions<S>(args: PerformToolExecutionsArgs<S>): [Task<void>, ToolOutput] {
  const toolOutput: ToolOutput = { output: [], firstToolStartedFut: new Future<void>() };
  const task = args.env.owner.spawn('execute_tools_task', (signal) =>
    executeToolsTask(args, toolOutput, signal),
  );
  return [task, toolOutput];
}

async function executeToolsTask<S>(
  args: PerformToolExecutionsArgs<S>,
  toolOutput: ToolOutput,
  signal: AbortSignal,
): Promise<void> {
  const { env, speechHandle } = args;
  const { events, clock } = env;
  const speechId = speechHandle.id;
  const running: Task[] = [];

  const report = (what: string, err: unknown): void =>
    events.emit({
      type: 'error',
      source: 'tools',
      message: `${what}: ${errorText(err)}`,
      recoverable: true,
    });

  const completed = (out: ToolExecutionOutput): void => {
    events.emit({
      type: 'tool_execution',
      phase: 'end',
      callId: out.fncCall.callId,
      name: out.fncCall.name,
      speechId,
      arguments: out.fncCall.arguments,
      ...(out.fncCallOut ? { output: out.fncCallOut.output, isError: out.fncCallOut.isError } : {}),
    });
    try {
      args.toolExecutionCompletedCb(out);
    } catch (err) {
      report('tool_execution_completed callback', err);
    }
    toolOutput.output.push(out);
  };

  const traceStart = (call: FunctionCallItem): void =>
    events.emit({
      type: 'tool_execution',
      phase: 'start',
      callId: call.callId,
      name: call.name,
      speechId,
      arguments: call.arguments,
    });

  const runTool = async (
    tool: FunctionTool,
    call: FunctionCallItem,
    fnArgs: Record<string, unknown>,
    toolSignal: AbortSignal,
  ) => {
    const ctx = new RunContext({
      session: args.session,
      speechHandle,
      functionCall: call,
      signal: toolSignal,
    });
    let out: ToolExecutionOutput;
    try {
      // Tags the tool's async work so generateReply/waitForPlayout know they run inside a tool.
      const onEnter = speechTaskContext.getStore()?.onEnter;
      const value = await speechTaskContext.run({ speechHandle, functionCallName: call.name, onEnter }, () =>
        tool.execute(fnArgs, ctx),
      );
      out = makeToolOutput({ fncCall: call, output: value, exception: null, createdAt: clock.now() });
      if (out.fncCallOut === null && out.agentTask === null && !isValidFunctionOutput(value)) {
        report(`function tool "${call.name}" returned an invalid output`, typeof value);
      }
    } catch (err) {
      // ToolError is the tool's answer to the LLM and StopResponse a request; neither is a fault.
      if (!(err instanceof StopResponse) && !(err instanceof ToolError) && !isCancelled(err)) {
        report(`function tool "${call.name}" failed`, err);
      }
      out = makeToolOutput({ fncCall: call, output: undefined, exception: err, createdAt: clock.now() });
    }
    completed(out);
  };

  const iter = GuardedIterator.of(args.functionStream);
  try {
    for (;;) {
      const r = await iter.next(signal);
      if (r.done) break;
      const call = r.value;
      if (args.toolChoice === 'none') {
        events.emit({
          type: 'warning',
          source: 'tools',
          message: `received a call to "${call.name}" with tool_choice set to 'none', ignoring`,
        });
        continue;
      }

      const tool = args.toolCtx.getFunctionTool(call.name);
      if (!tool) {
        events.emit({ type: 'warning', source: 'tools', message: `unknown AI function \`${call.name}\`` });
        traceStart(call);
        completed(unknownFunctionOutput(call, clock.now()));
        continue;
      }

      let fnArgs: Record<string, unknown>;
      try {
        fnArgs = prepareFunctionArguments({
          toolName: tool.name,
          parameters: tool.parameters,
          jsonArguments: call.arguments || '{}',
        });
      } catch (err) {
        report(`tried to call function tool "${call.name}" with invalid arguments`, err);
        traceStart(call);
        completed(
          makeToolOutput({ fncCall: call, output: undefined, exception: err, createdAt: clock.now() }),
        );
        continue;
      }

      toolOutput.firstToolStartedFut.resolve();
      try {
        args.toolExecutionStartedCb(call);
      } catch (err) {
        report('tool_execution_started callback', err);
      }
      traceStart(call);
      const t = env.owner.spawn(`func_exec_${call.name}`, (toolSignal) =>
        runTool(tool, call, fnArgs, toolSignal),
      );
      running.push(t);
    }
    await Promise.allSettled(running.map((t) => t.promise));
  } catch (err) {
    if (!signal.aborted && !isCancelled(err)) report('reading the function calls', err);
    // As upstream: stop taking new calls, but let the running ones finish.
    await Promise.allSettled(running.map((t) => t.promise));
  } finally {
    await iter.close();
  }
}

function unknownFunctionOutput(call: FunctionCallItem, createdAt: number): ToolExecutionOutput {
  const message = `Unknown function: ${call.name}`;
  return {
    fncCall: structuredClone(call),
    fncCallOut: {
      type: 'function_call_output',
      id: shortId('item'),
      callId: call.callId,
      name: call.name,
      output: message,
      isError: true,
      createdAt,
    },
    agentTask: null,
    rawOutput: null,
    rawException: new Error(message),
    replyRequired: true,
  };
}
