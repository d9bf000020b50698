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
  insert(item: ChatItem | readonly ChatItem[]): void {
    for (const it of Array.isArray(item) ? item : [item as ChatItem]) {
      this.items.splice(this.findInsertionIndex(it.createdAt), 0, it);
    }
  }

  /**
   * Index at which an item created at `createdAt` keeps the list in time order: after the last
   * item created at or before it (so items of one instant keep their insertion order).
   */
  findInsertionIndex(createdAt: number): number {
    for (let i = this.items.length - 1; i >= 0; i--) {
      if (this.items[i].createdAt <= createdAt) return i + 1;
    }
    return 0;
  }

  /** Only the messages (no tool calls, outputs, config updates or handoffs). */
  messages(): ChatMessage[] {
    return this.items.filter((i): i is ChatMessage => i.type === 'message');
  }

  /**
   * Keeps the last `maxItems` items in place. A kept window never starts with a tool call or
   * output (an output without its call confuses providers), and the first system message is
   * put back in front so the agent keeps its instructions.
   */
  truncate(maxItems: number): this {
    if (this.items.length <= maxItems) return this;
    const instructions = this.items.find((i) => i.type === 'message' && i.role === 'system');
    const kept = maxItems > 0 ? this.items.slice(-maxItems) : [];
    while (kept.length > 0 && (kept[0].type === 'function_call' || kept[0].type === 'function_call_output')) {
      kept.shift();
    }
    if (instructions && !kept.includes(instructions)) kept.unshift(instructions);
    this.items.splice(0, this.items.length, ...kept);
    return this;
  }

  /** Adds the items of `other` whose ids are not here yet, each at its time position. */
  merge(
    other: ChatContext,
    opts: {
      excludeFunctionCall?: boolean;
      excludeInstructions?: boolean;
      excludeConfigUpdate?: boolean;
    } = {},
  ): this {
    const ids = new Set(this.items.map((i) => i.id));
    for (const it of other.items) {
      if (opts.excludeFunctionCall && (it.type === 'function_call' || it.type === 'function_call_output'))
        continue;
      if (
        opts.excludeInstructions &&
        it.type === 'message' &&
        (it.role === 'system' || it.role === 'developer')
      )
        continue;
      if (opts.excludeConfigUpdate && it.type === 'agent_config_update') continue;
      if (ids.has(it.id)) continue;
      this.items.splice(this.findInsertionIndex(it.createdAt), 0, it);
      ids.add(it.id);
    }
    return this;
  }

  /**
   * Same items in the same order with the same essential payload (ids, types, message role,
   * content and interrupted flag, tool call name/callId/arguments, output fields); times and
   * other metadata are ignored. Preemptive generation uses it to decide whether a reply started
   * early was computed from the context the turn really ended with.
   */
  isEquivalent(other: ChatContext): boolean {
    if (this === other) return true;
    if (this.items.length !== other.items.length) return false;
    for (let k = 0; k < this.items.length; k++) {
      const a = this.items[k];
      const b = other.items[k];
      if (a.id !== b.id || a.type !== b.type) return false;
      if (a.type === 'message' && b.type === 'message') {
        if (a.role !== b.role || a.interrupted !== b.interrupted || a.content !== b.content) return false;
      } else if (a.type === 'function_call' && b.type === 'function_call') {
        if (a.name !== b.name || a.callId !== b.callId || a.arguments !== b.arguments) return false;
      } else if (a.type === 'function_call_output' && b.type === 'function_call_output') {
        if (a.name !== b.name || a.callId !== b.callId || a.output !== b.output || a.isError !== b.isError)
          return false;
      }
    }
    return true;
  }

  getById(id: string): ChatItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  indexById(id: string): number {
    return this.items.findIndex((i) => i.id === id);
  }

  /**
   * A new context over the same items, as upstream's `copy()`: the list is new (adding or
   * removing items does not touch this one), the items are shared. Deep-cloning every item made
   * each turn's cost grow with the history (a third of a turn's CPU in the benchmark).
   */
  copy(opts: CopyOptions = {}): ChatContext {
    const out = this.filteredItems(opts);
    const ctx = new ChatContext();
    ctx.items = out; // already a new list: the constructor's own copy would be a second one
    return ctx;
  }

  private filteredItems(opts: CopyOptions): ChatItem[] {
    // A reply copies the context several times a turn, mostly with no filter: one slice then.
    if (
      !opts.excludeFunctionCall &&
      !opts.excludeInstructions &&
      !opts.excludeEmptyMessage &&
      !opts.excludeConfigUpdate &&
      !opts.excludeHandoff &&
      !opts.toolNames
    )
      return this.items.slice();
    const names = opts.toolNames ? new Set(opts.toolNames) : null;
    const out: ChatItem[] = [];
    for (const it of this.items) {
      if (opts.excludeFunctionCall && (it.type === 'function_call' || it.type === 'function_call_output'))
        continue;
      if (
        opts.excludeInstructions &&
        it.type === 'message' &&
        (it.role === 'system' || it.role === 'developer')
      )
        continue;
      if (opts.excludeEmptyMessage && it.type === 'message' && it.content.trim() === '') continue;
      if (opts.excludeConfigUpdate && it.type === 'agent_config_update') continue;
      if (opts.excludeHandoff && it.type === 'agent_handoff') continue;
      if (names && (it.type === 'function_call' || it.type === 'function_call_output') && !names.has(it.name))
        continue;
      out.push(it);
    }
    return out;
  }

  /** Plain data, for events, recordings and the UI. */
  toData(): ChatItem[] {
    return this.items.map((i) => structuredClone(i));
  }
}
