/**
 * The agent's instructions as the system message of a stateless LLM's chat context (upstream
 * generation.py update_instructions/remove_instructions). The message has a fixed id so it is
 * found and replaced, never duplicated, when instructions change.
 */
import type { ChatContext, ChatMessage } from '../../llm/chat-context';

/** Id of the instructions message in the chat context; recordings rely on it, never change it. */
export const INSTRUCTIONS_MESSAGE_ID = 'lk.agent_task.instructions';

/**
 * Replaces the instructions message (a new object, so copies sharing the old one are untouched)
 * or, with `addIfMissing`, puts one at the front. Throws if the id is taken by a non-message.
 * `createdAt` of an added message defaults to the earliest item's time (or 0) so the context
 * stays in time order.
 */
export function updateInstructions(
  chatCtx: ChatContext,
  opts: { instructions: string; addIfMissing: boolean; createdAt?: number },
): void {
  const idx = chatCtx.indexById(INSTRUCTIONS_MESSAGE_ID);
  if (idx >= 0) {
    const old = chatCtx.items[idx];
    if (old.type !== 'message') {
      throw new Error("expected the instructions inside the chat_ctx to be of type 'message'");
    }
    chatCtx.items[idx] = makeInstructions(opts.instructions, old.createdAt);
  } else if (opts.addIfMissing) {
    const first = chatCtx.items[0]?.createdAt;
    const createdAt = opts.createdAt ?? (first !== undefined ? Math.min(first, 0) : 0);
    chatCtx.items.unshift(makeInstructions(opts.instructions, createdAt));
  }
}

/** Removes every instructions message (there should be at most one). */
export function removeInstructions(chatCtx: ChatContext): void {
  for (let i = chatCtx.items.length - 1; i >= 0; i--) {
    if (chatCtx.items[i].id === INSTRUCTIONS_MESSAGE_ID) chatCtx.items.splice(i, 1);
  }
}

function makeInstructions(instructions: string, createdAt: number): ChatMessage {
  return {
    type: 'message',
    id: INSTRUCTIONS_MESSAGE_ID,
    role: 'system',
    content: instructions,
    interrupted: false,
    createdAt,
  };
}
