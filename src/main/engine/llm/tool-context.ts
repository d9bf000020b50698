/**
 * Function tools the LLM can call (port of livekit.agents.llm.tool_context and the RunContext of
 * voice/events.py). A tool is plain data plus an `execute` function; its JSON-schema parameters
 * are checked when the tool is made and the LLM's arguments are validated before every call
 * (tool-schema.ts). Tools report failures by throwing: ToolError for a message the LLM should
 * see, StopResponse to end the reply without one.
 */
import type { AudioFrame } from '../audio/frame';
import type { SpeechHandle } from '../voice/speech-handle';
import type { ChatContext, FunctionCallItem } from './chat-context';
import type { ToolChoice, ToolDefinition } from './llm';
import { EMPTY_PARAMETERS, ToolSchemaError, compileToolSchema } from './tool-schema';

export type { ToolChoice, ToolDefinition } from './llm';
export { ToolArgumentsError, ToolSchemaError, prepareFunctionArguments } from './tool-schema';

/** Behaviour flags of a tool (upstream ToolFlag). */
export interface ToolFlags {
  /** Hidden from the LLM in replies that `onEnter` starts (upstream IGNORE_ON_ENTER). */
  ignoreOnEnter?: boolean;
}

/**
 * A tool as the engine sees it. The return value of `execute` decides what happens next:
 * undefined/null → no reply required; an Agent → handoff; an array holding one Agent → handoff
 * with the other items as output; anything else → output (strings as is, else JSON). See
 * generation/tool-output.ts for the exact rules.
 */
export interface FunctionTool {
  readonly name: string;
  readonly description: string;
  /** JSON schema of the arguments object (`type: "object"`). */
  readonly parameters: Record<string, unknown>;
  readonly flags?: ToolFlags;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools pick their session type
  execute(args: Record<string, unknown>, ctx: RunContext<any>): Promise<unknown>;
}

/**
 * What a tool sees of its session by default: speak, reply, close. AgentSession implements it;
 * it is declared here so the tool layer does not depend on the voice session.
 */
export interface ToolSession {
  say(
    text: string | AsyncIterable<string>,
    opts?: { audio?: AsyncIterable<AudioFrame>; allowInterruptions?: boolean; addToChatCtx?: boolean },
  ): SpeechHandle;
  generateReply(opts?: {
    userInput?: string;
    instructions?: string;
    toolChoice?: ToolChoice;
    allowInterruptions?: boolean;
    chatCtx?: ChatContext;
    inputModality?: 'text' | 'audio';
  }): SpeechHandle;
  /** Closes without blocking the tool; `drain` lets speeches finish. */
  shutdown(opts?: { drain?: boolean }): void;
}

/** A tool or anything the engine accepts in a tool list (upstream Tool | Toolset). */
export type Tool = FunctionTool;

export interface FunctionToolInit<S = ToolSession> {
  name: string;
  description?: string;
  /** Defaults to an object with no properties (a tool without arguments). */
  parameters?: Record<string, unknown>;
  flags?: ToolFlags;
  execute(args: Record<string, unknown>, ctx: RunContext<S>): Promise<unknown> | unknown;
}

/**
 * Builds a FunctionTool (upstream `function_tool(raw_schema=...)`). The schema is checked here so
 * a broken tool fails when it is defined, with the tool and field named (ToolSchemaError).
 */
export function functionTool<S = ToolSession>(init: FunctionToolInit<S>): FunctionTool {
  if (typeof init.name !== 'string' || init.name.trim() === '') {
    throw new ToolSchemaError(String(init.name ?? ''), 'name', 'function name cannot be empty');
  }
  const parameters = init.parameters ?? structuredClone(EMPTY_PARAMETERS);
  compileToolSchema(init.name, parameters);
  const run = init.execute;
  const tool: FunctionTool = {
    name: init.name,
    description: init.description ?? '',
    parameters,
    flags: { ...(init.flags ?? {}) },
    // Always a promise, so a synchronous throw becomes a rejection the executor can report.
    execute: async (args, ctx) => run(args, ctx as RunContext<S>),
  };
  return Object.freeze(tool);
}

/** Structural check used where tool lists come from config or scripts. */
export function isFunctionTool(v: unknown): v is FunctionTool {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Partial<FunctionTool>;
  return typeof t.name === 'string' && typeof t.execute === 'function' && typeof t.parameters === 'object';
}

/** Raised by a tool: its message becomes an error output the LLM sees. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

/**
 * Raised by a tool or by `onUserTurnCompleted` to stop the current reply: the tool gives no
 * output and the turn gets no generated answer.
 */
export class StopResponse extends Error {
  constructor() {
    super('stop response');
    this.name = 'StopResponse';
  }
}

/**
 * What a running tool gets besides its arguments (upstream voice/events.py RunContext). The
 * session type is a parameter (ToolSession by default, which AgentSession implements; a tool
 * that needs more names AgentSession) so tests can hand in a stand-in.
 */
export class RunContext<S = ToolSession> {
  readonly session: S;
  readonly speechHandle: SpeechHandle;
  readonly functionCall: FunctionCallItem;
  /** Aborted when the tool execution is cancelled (the session closes). */
  readonly signal: AbortSignal;
  private readonly initialStepIdx: number;

  constructor(init: {
    session: S;
    speechHandle: SpeechHandle;
    functionCall: FunctionCallItem;
    signal: AbortSignal;
  }) {
    this.session = init.session;
    this.speechHandle = init.speechHandle;
    this.functionCall = init.functionCall;
    this.signal = init.signal;
    // The step whose spoken preamble preceded this call: the tool waits for that one only.
    this.initialStepIdx = init.speechHandle.numSteps - 1;
  }

  /** Forbids interrupting the speech this call belongs to (throws if already interrupted). */
  disallowInterruptions(): void {
    this.speechHandle.allowInterruptions = false;
  }

  /**
   * Waits for the assistant's speech that came before this call to finish playing. Unlike
   * SpeechHandle.waitForPlayout, it does not wait for the tools themselves, so it cannot deadlock.
   */
  async waitForPlayout(): Promise<void> {
    await this.speechHandle.waitForGeneration(this.initialStepIdx);
  }
}

/** Names of the function tools in a list (upstream get_fnc_tool_names). */
export function getFncToolNames(tools: readonly Tool[]): string[] {
  return tools.map((t) => t.name);
}

/** What providers send to the model for each tool. */
export function toToolDefinitions(tools: readonly Tool[]): ToolDefinition[] {
  return tools.map((t) => ({
    name: t.name,
    description: t.description,
    parameters: structuredClone(t.parameters),
  }));
}

/** Tools visible in replies started from `onEnter` (drops IGNORE_ON_ENTER tools). */
export function withoutIgnoreOnEnter(tools: readonly Tool[]): Tool[] {
  return tools.filter((t) => !t.flags?.ignoreOnEnter);
}

/**
 * A set of tools indexed by name (upstream ToolContext). Stateless apart from the list: replies
 * build one per generation so a tool update mid-turn does not change a running reply.
 */
export class ToolContext {
  private tools: Tool[] = [];
  private fncTools = new Map<string, FunctionTool>();

  constructor(tools: readonly Tool[] = []) {
    this.updateTools(tools);
  }

  static empty(): ToolContext {
    return new ToolContext([]);
  }

  /** A copy of the name → tool map. */
  get functionTools(): Map<string, FunctionTool> {
    return new Map(this.fncTools);
  }

  getFunctionTool(name: string): FunctionTool | undefined {
    return this.fncTools.get(name);
  }

  flatten(): Tool[] {
    return [...this.fncTools.values()];
  }

  /** Same names bound to the very same tool objects (upstream __eq__). */
  equals(other: ToolContext): boolean {
    if (this.fncTools.size !== other.fncTools.size) return false;
    for (const [name, tool] of this.fncTools) {
      if (other.fncTools.get(name) !== tool) return false;
    }
    return true;
  }

  /** Replaces the tools; a duplicate name is an error (the LLM could not tell them apart). */
  updateTools(tools: readonly Tool[]): void {
    const map = new Map<string, FunctionTool>();
    for (const tool of tools) {
      if (!isFunctionTool(tool)) throw new TypeError(`unknown tool type: ${typeof tool}`);
      if (map.has(tool.name)) throw new Error(`duplicate function name: ${tool.name}`);
      map.set(tool.name, tool);
    }
    this.tools = [...tools];
    this.fncTools = map;
  }

  copy(): ToolContext {
    return new ToolContext(this.tools);
  }
}
