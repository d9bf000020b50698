/**
 * What an LLM request's trace events carry of the request and its answer. The studio's request
 * inspector reads them live and from recordings alike, so they are plain data, and bounded: a
 * 1 MB tool output in the context must not make every later request event a megabyte.
 */
import type { FunctionCallData, LlmRequestPayload, LlmResponseData } from '../../../../shared/engine-events';
import type { ChatContext, FunctionCallItem } from '../../llm/chat-context';
import type { CompletionUsage } from '../../llm/llm';
import { toToolDefinitions, type Tool } from '../../llm/tool-context';
import { boundChatItems, boundText } from './payload-items';
import type { ModelSettings } from './types';

/** Only what survives JSON: model settings may hold undefined. */
function plainOptions(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out;
}

export interface RequestPayloadArgs {
  chatCtx: ChatContext;
  tools: readonly Tool[];
  modelSettings: ModelSettings;
  provider?: string;
  model?: string;
  /** The LLM's own request settings (temperature …), when it reports them. */
  llmOptions?: Readonly<Record<string, unknown>>;
  maxReplyChars?: number;
}

export function llmRequestPayload(args: RequestPayloadArgs): LlmRequestPayload {
  // Plain data detached from the live context: each item is copied once and its copy reused by
  // later requests while the item is unchanged (payload-items.ts), so a request costs its new
  // items, not its whole window of history.
  const { items, omitted } = boundChatItems(args.chatCtx.items);
  return {
    provider: args.provider ?? null,
    model: args.model ?? null,
    chatContext: items,
    omittedItems: omitted,
    toolDefinitions: toToolDefinitions(args.tools).map((t) => ({
      ...t,
      description: boundText(t.description),
    })),
    options: plainOptions({
      ...args.llmOptions,
      ...args.modelSettings,
      maxReplyChars: args.maxReplyChars,
    }),
  };
}

export function llmResponseData(
  text: string,
  calls: readonly FunctionCallItem[],
  usage: CompletionUsage | null,
  providerRequestId: string,
): LlmResponseData {
  const toolCalls: FunctionCallData[] = calls.map((c) => ({
    callId: c.callId,
    name: c.name,
    arguments: boundText(c.arguments),
  }));
  return {
    text: boundText(text),
    toolCalls,
    usage: usage ? { ...usage } : null,
    providerRequestId: providerRequestId || null,
  };
}
