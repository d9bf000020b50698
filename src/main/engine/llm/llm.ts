import type { ChatContext } from './chat-context';

export type ToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; name: string };

/** What the LLM sees of a tool: name, description and JSON-schema parameters. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface FunctionToolCall {
  callId: string;
  name: string;
  /** JSON text, passed verbatim (may be malformed: the engine validates it). */
  arguments: string;
}

export interface CompletionUsage {
  completionTokens: number;
  promptTokens: number;
  promptCachedTokens: number;
  totalTokens: number;
}

/** Mirror of livekit.agents.llm.ChatChunk. */
export interface ChatChunk {
  id: string;
  delta?: { role?: 'assistant'; content?: string; toolCalls?: FunctionToolCall[] };
  usage?: CompletionUsage;
}

export interface ChatOptions {
  chatCtx: ChatContext;
  tools: ToolDefinition[];
  toolChoice?: ToolChoice | null;
  parallelToolCalls?: boolean;
  /** Aborting stops the request (the HTTP stream for real providers). */
  signal?: AbortSignal;
  /**
   * Extra instructions of the generateReply that made this request (not part of the chat
   * context). Providers ignore it; the scenario fake uses it as a lookup key (format §4.3).
   */
  replyInstructions?: string | null;
}

export interface LLMStream extends AsyncIterable<ChatChunk> {
  readonly requestId: string;
  close(): Promise<void>;
}

export interface LLM {
  readonly label: string;
  readonly model: string;
  /** Settings it sends with every request (temperature …), for the studio's request inspector. */
  readonly requestOptions?: Readonly<Record<string, unknown>>;
  chat(options: ChatOptions): LLMStream;
}
