/**
 * What an LLM request's trace events carry of the request and its answer. The studio's request
 * inspector reads them live and from recordings alike, so they are plain data, and bounded: a
 * 1 MB tool output in the context must not make every later request event a megabyte.
 */
import {
  PAYLOAD_ITEM_LIMIT,
  PAYLOAD_TEXT_LIMIT,
  PAYLOAD_TOTAL_CHARS,
  TRUNCATED_MARK,
  type ChatItemData,
  type FunctionCallData,
  type LlmRequestPayload,
  type LlmResponseData,
} from '../../../../shared/engine-events';
import type { ChatContext, FunctionCallItem } from '../../llm/chat-context';
import type { CompletionUsage } from '../../llm/llm';
import { toToolDefinitions, type Tool } from '../../llm/tool-context';
import type { ModelSettings } from './types';

/** `text` itself when short enough, else its first `limit` characters and a note of how many were cut. */
export function boundText(text: string, limit = PAYLOAD_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}${TRUNCATED_MARK}${text.length - limit} more characters]`;
}

function boundItem(item: ChatItemData): ChatItemData {
  switch (item.type) {
    case 'message':
      return { ...item, content: boundText(item.content) };
    case 'function_call':
      return { ...item, arguments: boundText(item.arguments) };
    case 'function_call_output':
      return { ...item, output: boundText(item.output) };
    case 'agent_config_update':
      return typeof item.instructions === 'string'
        ? { ...item, instructions: boundText(item.instructions) }
        : item;
    default:
      return item;
  }
}

function textLength(item: ChatItemData): number {
  switch (item.type) {
    case 'message':
      return item.content.length;
    case 'function_call':
      return item.arguments.length;
    case 'function_call_output':
      return item.output.length;
    case 'agent_config_update':
      return item.instructions?.length ?? 0;
    default:
      return 0;
  }
}

/**
 * The newest items, each with its long texts cut, as many as fit in PAYLOAD_ITEM_LIMIT items and
 * PAYLOAD_TOTAL_CHARS characters (the newest one always); `omitted` counts the older ones left out.
 */
export function boundChatItems(
  items: readonly ChatItemData[],
  totalChars = PAYLOAD_TOTAL_CHARS,
): { items: ChatItemData[]; omitted: number } {
  const kept: ChatItemData[] = [];
  let chars = 0;
  for (let i = items.length - 1; i >= 0 && kept.length < PAYLOAD_ITEM_LIMIT; i--) {
    const item = boundItem(items[i]);
    chars += textLength(item);
    if (kept.length > 0 && chars > totalChars) break;
    kept.push(item);
  }
  return { items: kept.reverse(), omitted: items.length - kept.length };
}

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
  // Bound first, then copy: only the kept items are cloned (plain data, detached from the live
  // context), so a long history no longer costs a clone of every item on every request.
  const { items, omitted } = boundChatItems(args.chatCtx.items);
  return {
    provider: args.provider ?? null,
    model: args.model ?? null,
    chatContext: items.map((item) => structuredClone(item)),
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
