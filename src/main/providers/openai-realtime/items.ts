/**
 * The server keeps its own copy of the conversation; the engine sends its chat context as a
 * whole (updateChatCtx). These pure functions turn the difference between the server's copy and
 * the wanted context into conversation.item.delete / conversation.item.create events, as
 * upstream's realtime_model.py does (longest common subsequence of item ids: items outside it are
 * deleted or created in place; an item whose text changed is deleted and created again), and
 * convert items between the engine's shape and the protocol's.
 */
import type { ConversationItem, RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import type { ChatContext, ChatItem } from '../../engine';

/** Items that exist on the server (instructions, config updates and handoffs do not). */
export function syncableItems(ctx: ChatContext): ChatItem[] {
  return ctx.items.filter(
    (i) =>
      (i.type === 'message' && i.role !== 'system' && i.role !== 'developer') ||
      i.type === 'function_call' ||
      i.type === 'function_call_output',
  );
}

export interface ChatCtxDiff {
  toRemove: string[];
  /** [previous item id (null: the start), id] in the new order. */
  toCreate: Array<[string | null, string]>;
  /** Kept ids whose text changed. */
  toUpdate: Array<[string | null, string]>;
}

function lcs(a: readonly string[], b: readonly string[]): Set<string> {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      len[i][j] = a[i] === b[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
  const out = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.add(a[i]);
      i++;
      j++;
    } else if (len[i + 1][j] >= len[i][j + 1]) i++;
    else j++;
  }
  return out;
}

function textOf(item: ChatItem): string | null {
  if (item.type === 'message') return item.content;
  if (item.type === 'function_call_output') return item.output;
  if (item.type === 'function_call') return item.arguments;
  return null;
}

export function diffChatItems(oldItems: readonly ChatItem[], newItems: readonly ChatItem[]): ChatCtxDiff {
  const kept = lcs(
    oldItems.map((i) => i.id),
    newItems.map((i) => i.id),
  );
  const oldById = new Map(oldItems.map((i) => [i.id, i]));
  const diff: ChatCtxDiff = { toRemove: [], toCreate: [], toUpdate: [] };
  for (const i of oldItems) if (!kept.has(i.id)) diff.toRemove.push(i.id);
  let prev: string | null = null;
  for (const item of newItems) {
    if (!kept.has(item.id)) diff.toCreate.push([prev, item.id]);
    else if (textOf(item) !== textOf(oldById.get(item.id) as ChatItem)) diff.toUpdate.push([prev, item.id]);
    prev = item.id;
  }
  return diff;
}

/** The engine's item as a protocol item (same id, so the server's copy keeps the engine's ids). */
export function toOpenAIItem(item: ChatItem): ConversationItem {
  switch (item.type) {
    case 'message':
      if (item.role === 'assistant')
        return {
          id: item.id,
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: item.content }],
        };
      if (item.role === 'user')
        return {
          id: item.id,
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: item.content }],
        };
      return {
        id: item.id,
        type: 'message',
        role: 'system',
        content: [{ type: 'input_text', text: item.content }],
      };
    case 'function_call':
      return {
        id: item.id,
        type: 'function_call',
        call_id: item.callId,
        name: item.name,
        arguments: item.arguments,
      };
    case 'function_call_output':
      return { id: item.id, type: 'function_call_output', call_id: item.callId, output: item.output };
    default:
      throw new Error(`a ${item.type} item has no OpenAI Realtime form`);
  }
}

/** The server's item as the engine's (text parts joined; audio parts count by their transcript). */
export function fromOpenAIItem(item: ConversationItem, createdAt: number): ChatItem | null {
  const id = item.id;
  if (!id) return null;
  if (
    item.type === 'message' &&
    (item.role === 'user' || item.role === 'assistant' || item.role === 'system')
  ) {
    const parts = item.content as Array<{ text?: string; transcript?: string | null }>;
    const content = parts.map((p) => p.text ?? p.transcript ?? '').join('');
    return { type: 'message', id, role: item.role, content, interrupted: false, createdAt };
  }
  if (item.type === 'function_call')
    return {
      type: 'function_call',
      id,
      callId: item.call_id ?? id,
      name: item.name,
      arguments: item.arguments,
      createdAt,
    };
  if (item.type === 'function_call_output')
    return {
      type: 'function_call_output',
      id,
      callId: item.call_id,
      name: '',
      output: item.output,
      isError: false,
      createdAt,
    };
  return null;
}

/**
 * The events that turn the server's copy (`remote`) into `wanted`. A remote message with empty
 * text is left alone: its content (audio) was never synced down, so the engine's copy cannot
 * stand for it (as upstream).
 */
export function chatCtxUpdateEvents(
  remote: readonly ChatItem[],
  wanted: readonly ChatItem[],
): RealtimeClientEvent[] {
  const diff = diffChatItems(remote, wanted);
  const remoteById = new Map(remote.map((i) => [i.id, i]));
  const wantedById = new Map(wanted.map((i) => [i.id, i]));
  const unsynced = (id: string): boolean => {
    const r = remoteById.get(id);
    return r?.type === 'message' && r.content === '';
  };
  const events: RealtimeClientEvent[] = [];
  const create = (prev: string | null, id: string): void => {
    events.push({
      type: 'conversation.item.create',
      previous_item_id: prev ?? 'root',
      item: toOpenAIItem(wantedById.get(id) as ChatItem),
    });
  };
  for (const id of diff.toRemove)
    if (!unsynced(id)) events.push({ type: 'conversation.item.delete', item_id: id });
  for (const [prev, id] of diff.toCreate) create(prev, id);
  for (const [prev, id] of diff.toUpdate) {
    if (unsynced(id)) continue;
    events.push({ type: 'conversation.item.delete', item_id: id });
    create(prev, id);
  }
  return events;
}
