/**
 * The conversation as several panes read it, derived from the event stream: the chat context,
 * the tool calls, and the feed reader that feeds both. The models are mutated in place by
 * `syncDerived` (as the event ring buffer is) and expose immutable snapshots, so a pane
 * re-renders only when its snapshot object changes.
 */
import type { StateCreator } from 'zustand';
import { ChatContextModel } from '../features/chat/chat-context';
import { FeedReader } from './event-feed';
import { ToolCallsModel } from '../features/tools/tool-calls';
import type { StudioStore } from './studio-store';

export interface ConversationSlice {
  chatModel: ChatContextModel;
  toolCallsModel: ToolCallsModel;
  /** Feeds the models what the event feed gained since the last call; cheap when nothing did. */
  syncDerived(): void;
}

/** The reader is per store instance but not state anyone renders, so it lives beside the models. */
const readers = new WeakMap<ChatContextModel, FeedReader>();

export function initialConversationState() {
  return { chatModel: new ChatContextModel(), toolCallsModel: new ToolCallsModel() };
}

export const createConversationSlice: StateCreator<StudioStore, [], [], ConversationSlice> = (_set, get) => ({
  ...initialConversationState(),
  syncDerived: () => {
    const { chatModel, toolCallsModel, feed } = get();
    let reader = readers.get(chatModel);
    if (!reader) {
      reader = new FeedReader();
      readers.set(chatModel, reader);
    }
    const batch = reader.read(feed);
    if (!batch) return;
    chatModel.apply(batch);
    toolCallsModel.apply(batch);
  },
});
