/**
 * Reads the conversation slice's views (chat context, tool calls) in a component. Events
 * arrive every ~50 ms; the component is told at most once per animation frame, and re-renders
 * only when the model hands back a new snapshot object.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { ChatContextSnapshot } from './chat-context';
import type { ToolCallsSnapshot } from '../tools/tool-calls';
import { useStudioStore, type StudioStore } from '../../store/studio-store';

function subscribeToEvents(onChange: () => void): () => void {
  let frame = 0;
  const off = useStudioStore.subscribe((s, prev) => {
    if (s.feedVersion === prev.feedVersion && s.chatModel === prev.chatModel) return;
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      onChange();
    });
  });
  return () => {
    off();
    if (frame !== 0) cancelAnimationFrame(frame);
  };
}

function useConversationView<T>(read: (s: StudioStore) => T): T {
  const getSnapshot = useCallback(() => {
    const s = useStudioStore.getState();
    // Idempotent: with no new events the models return the same snapshot object.
    s.syncDerived();
    return read(s);
  }, [read]);
  return useSyncExternalStore(subscribeToEvents, getSnapshot);
}

const readChat = (s: StudioStore) => s.chatModel.snapshot();
const readTools = (s: StudioStore) => s.toolCallsModel.snapshot();

export function useChatContext(): ChatContextSnapshot {
  return useConversationView(readChat);
}

export function useToolCalls(): ToolCallsSnapshot {
  return useConversationView(readTools);
}
