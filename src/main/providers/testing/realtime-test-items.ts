/**
 * The realtime test server's copy of one connection's conversation: items in order, inserted
 * after a given item (or at the end), so `conversation.item.added` can say which item precedes
 * each one, as the real server does. Tests only.
 */
export interface ItemBook {
  /** Inserts after `previousId` ('root': at the start; absent: at the end); returns the id before it. */
  insert(previousId: string | undefined, item: Record<string, unknown> & { id: string }): string | null;
  remove(id: string): void;
  ids(): string[];
  get(id: string): (Record<string, unknown> & { id: string }) | undefined;
}

export function realtimeItemBook(): ItemBook {
  const items: Array<Record<string, unknown> & { id: string }> = [];
  const indexOf = (id: string) => items.findIndex((i) => i.id === id);
  return {
    insert(previousId, item) {
      const old = indexOf(item.id);
      if (old >= 0) items.splice(old, 1);
      let at = items.length;
      if (previousId === 'root') at = 0;
      else if (previousId !== undefined) {
        const p = indexOf(previousId);
        if (p < 0)
          throw new Error(`realtime test server: previous_item_id ${previousId} is not in the conversation`);
        at = p + 1;
      }
      items.splice(at, 0, item);
      return at > 0 ? items[at - 1].id : null;
    },
    remove(id) {
      const at = indexOf(id);
      if (at >= 0) items.splice(at, 1);
    },
    ids: () => items.map((i) => i.id),
    get: (id) => items.find((i) => i.id === id),
  };
}
