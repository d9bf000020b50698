/**
 * What a tool call produced, as the activity needs it (upstream generation.py make_tool_output
 * and llm/utils.py make_function_call_output): the output item the LLM will see (or none), a
 * handoff target, and whether the LLM must be asked again.
 */
import { shortId, type FunctionCallItem, type FunctionCallOutputItem } from '../../llm/chat-context';
import { StopResponse, ToolError } from '../../llm/tool-context';
import { Agent } from '../agent';

/** Upstream ToolExecutionOutput. */
export interface ToolExecutionOutput {
  fncCall: FunctionCallItem;
  /** The output the LLM sees; null when there is none (StopResponse, invalid output, …). */
  fncCallOut: FunctionCallOutputItem | null;
  /** Agent to hand the session over to. */
  agentTask: Agent | null;
  rawOutput: unknown;
  rawException: unknown;
  /** Whether the LLM must generate again after this call. */
  replyRequired: boolean;
}

/** Output the LLM sees when a tool failed with something other than ToolError. */
export const INTERNAL_ERROR_OUTPUT = 'An internal error occurred';

/** Upstream `_is_valid_function_output`: scalars, and arrays/plain objects of them. */
export function isValidFunctionOutput(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (Array.isArray(value)) return value.every(isValidFunctionOutput);
  if (value instanceof Set) return [...value].every(isValidFunctionOutput);
  if (t === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value as Record<string, unknown>).every(isValidFunctionOutput);
  }
  return false;
}

/** The text the LLM sees for a tool's return value: strings as is, others as JSON. */
export function outputText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Set) return JSON.stringify([...value]);
  return JSON.stringify(value);
}

function outputItem(
  fncCall: FunctionCallItem,
  output: string,
  isError: boolean,
  createdAt: number,
): FunctionCallOutputItem {
  return {
    type: 'function_call_output',
    id: shortId('item'),
    callId: fncCall.callId,
    name: fncCall.name,
    output,
    isError,
    createdAt,
  };
}

/** Upstream `make_function_call_output`: the output item for a value or an exception. */
export function makeFunctionCallOutput(args: {
  fncCall: FunctionCallItem;
  output: unknown;
  exception: unknown;
  createdAt: number;
}): FunctionCallOutputItem | null {
  let { output, exception } = args;
  if (output instanceof Error) {
    exception = output;
    output = undefined;
  }
  if (exception instanceof ToolError)
    return outputItem(args.fncCall, exception.message, true, args.createdAt);
  if (exception instanceof StopResponse) return null;
  if (exception !== undefined && exception !== null) {
    return outputItem(args.fncCall, INTERNAL_ERROR_OUTPUT, true, args.createdAt);
  }
  if (!isValidFunctionOutput(output)) return null;
  return outputItem(args.fncCall, outputText(output), false, args.createdAt);
}

/**
 * Upstream `make_tool_output`. A return value may carry a handoff: an Agent alone, an array
 * with one Agent among other values (upstream's tuple), or `{ agent, output }`. More than one
 * Agent is refused (no output, no handoff). A reply is required when there is an output.
 */
export function makeToolOutput(args: {
  fncCall: FunctionCallItem;
  output: unknown;
  exception: unknown;
  createdAt: number;
}): ToolExecutionOutput {
  const fncCall = structuredClone(args.fncCall);
  let output = args.output;
  let exception = args.exception;
  if (output instanceof Error) {
    exception = output;
    output = undefined;
  }
  const base = { fncCall, rawOutput: output, rawException: exception ?? null };
  if (exception !== undefined && exception !== null) {
    const fncCallOut = makeFunctionCallOutput({
      fncCall,
      output: undefined,
      exception,
      createdAt: args.createdAt,
    });
    return { ...base, fncCallOut, agentTask: null, replyRequired: true };
  }

  let agentTask: Agent | null = null;
  let fncOut: unknown = output;
  const items = Array.isArray(output) ? output : output instanceof Set ? [...output] : null;
  if (items) {
    const agents = items.filter((i): i is Agent => i instanceof Agent);
    const others = items.filter((i) => !(i instanceof Agent));
    if (agents.length > 1) return { ...base, fncCallOut: null, agentTask: null, replyRequired: true };
    agentTask = agents[0] ?? null;
    fncOut =
      agentTask === null ? others : others.length === 0 ? null : others.length === 1 ? others[0] : others;
  } else if (output instanceof Agent) {
    agentTask = output;
    fncOut = null;
  } else if (isHandoffResult(output)) {
    agentTask = output.agent;
    fncOut = output.output ?? null;
  }

  const fncCallOut = makeFunctionCallOutput({
    fncCall,
    output: fncOut,
    exception: null,
    createdAt: args.createdAt,
  });
  return { ...base, fncCallOut, agentTask, replyRequired: fncOut !== null && fncOut !== undefined };
}

function isHandoffResult(v: unknown): v is { agent: Agent; output?: unknown } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return (
    (v as { agent?: unknown }).agent instanceof Agent && keys.every((k) => k === 'agent' || k === 'output')
  );
}
