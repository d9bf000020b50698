/**
 * The server's copy of the conversation as this client knows it (upstream RemoteChatContext):
 * kept in the server's order from conversation.item.added / deleted, transcripts and truncations,
 * so updateChatCtx can send only the difference and a reconnect can send it all again.
 */
import { ChatContext, type ChatItem } from '../../engine';

export class RemoteConversation {
  private items: ChatItem[] = [];

  /** After `previousId` (null or 'root': at the start; not given or unknown: at the end). */
  insert(previousId: string | null | undefined, item: ChatItem): void {
    const existing = this.indexOf(item.id);
    if (existing >= 0) this.items.splice(existing, 1);
    if (previousId === null || previousId === 'root') {
      this.items.unshift(item);
      return;
    }
    if (previousId === undefined) {
      this.items.push(item);
      return;
    }
    const at = this.indexOf(previousId);
    if (at < 0) this.items.push(item);
    else this.items.splice(at + 1, 0, item);
  }

  delete(id: string): void {
    const at = this.indexOf(id);
    if (at >= 0) this.items.splice(at, 1);
  }

  get(id: string): ChatItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  /** Sets a message's text (a transcript arrived, a truncation cut it). */
  setText(id: string, text: string, interrupted = false): void {
    const item = this.get(id);
    if (item?.type !== 'message') return;
    item.content = text;
    if (interrupted) item.interrupted = true;
  }

  list(): ChatItem[] {
    return this.items.map((i) => ({ ...i }));
  }

  toChatContext(): ChatContext {
    return new ChatContext(this.list());
  }

  clear(): void {
    this.items = [];
  }

  private indexOf(id: string): number {
    return this.items.findIndex((i) => i.id === id);
  }
}
