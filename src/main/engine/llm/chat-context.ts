/**
 * The conversation as the LLM sees it. Items are ordered by creation time; `insert` keeps that
 * order. Item shapes are the serializable ChatItemData of the shared event model.
 */
import type { ChatItemData } from '../../../shared/engine-events';

export type ChatItem = ChatItemData;
export type ChatMessage = Extract<ChatItem, { type: 'message' }>;
export type FunctionCallItem = Extract<ChatItem, { type: 'function_call' }>;
export type FunctionCallOutputItem = Extract<ChatItem, { type: 'function_call_output' }>;
export type ChatRole = ChatMessage['role'];

let idCounter = 0;
/** Short unique ids (`item_1a`); deterministic within a process, which keeps tests stable. */
export function shortId(prefix: string): string {
  idCounter += 1;
  return `${prefix}_${idCounter.toString(36)}`;
}

export interface CopyOptions {
  excludeFunctionCall?: boolean;
  excludeInstructions?: boolean;
  excludeEmptyMessage?: boolean;
  excludeConfigUpdate?: boolean;
  excludeHandoff?: boolean;
  /** Keep only function calls/outputs of these tool names (others are dropped). */
  toolNames?: readonly string[];
}

export class ChatContext {
  items: ChatItem[];

  constructor(items: ChatItem[] = []) {
    this.items = [...items];
  }

  static empty(): ChatContext {
    return new ChatContext();
  }

  addMessage(args: {
    role: ChatRole;
    content: string;
    createdAt: number;
    interrupted?: boolean;
    id?: string;
    transcriptConfidence?: number | null;
  }): ChatMessage {
    const msg: ChatMessage = {
      type: 'message',
      id: args.id ?? shortId('item'),
      role: args.role,
      content: args.content,
      interrupted: args.interrupted ?? false,
      createdAt: args.createdAt,
      ...(args.transcriptConfidence !== undefined ? { transcriptConfidence: args.transcriptConfidence } : {}),
    };
    this.insert(msg);
    return msg;
  }

  /** Inserts items keeping createdAt order (an item equal in time goes after existing ones). */
  insert(item: ChatItem | ChatItem[]): void {
    for (const it of Array.isArray(item) ? item : [item]) {
      let i = this.items.length;
      while (i > 0 && this.items[i - 1].createdAt > it.createdAt) i -= 1;
      this.items.splice(i, 0, it);
    }
  }

  getById(id: string): ChatItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  indexById(id: string): number {
    return this.items.findIndex((i) => i.id === id);
  }

  copy(opts: CopyOptions = {}): ChatContext {
    const names = opts.toolNames ? new Set(opts.toolNames) : null;
    const out: ChatItem[] = [];
    for (const it of this.items) {
      if (opts.excludeFunctionCall && (it.type === 'function_call' || it.type === 'function_call_output')) continue;
      if (opts.excludeInstructions && it.type === 'message' && (it.role === 'system' || it.role === 'developer'))
        continue;
      if (opts.excludeEmptyMessage && it.type === 'message' && it.content.trim() === '') continue;
      if (opts.excludeConfigUpdate && it.type === 'agent_config_update') continue;
      if (opts.excludeHandoff && it.type === 'agent_handoff') continue;
      if (names && (it.type === 'function_call' || it.type === 'function_call_output') && !names.has(it.name))
        continue;
      out.push(structuredClone(it));
    }
    return new ChatContext(out);
  }

  /** Plain data, for events, recordings and the UI. */
  toData(): ChatItem[] {
    return this.items.map((i) => structuredClone(i));
  }
}
