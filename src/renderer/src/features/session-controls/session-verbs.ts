/**
 * The session panel's verbs beyond start/stop/send (which the menu shares): say, generate
 * reply and interrupt with force. An empty say is refused here with the same kind of notice as
 * an empty text turn, since main would only answer "too short".
 */
import type { StoreApi } from 'zustand';
import type { StudioActions } from '../../bridge/studio-actions';
import type { StudioStore } from '../../store/studio-store';

export interface SessionVerbs {
  say(text: string): Promise<boolean>;
  /** Blank instructions mean "reply as you would", not an empty instruction. */
  generateReply(instructions: string): Promise<boolean>;
  interrupt(force: boolean): Promise<boolean>;
}

export function createSessionVerbs(
  actions: Pick<StudioActions, 'run'>,
  store: StoreApi<StudioStore>,
): SessionVerbs {
  return {
    say: async (text) => {
      const trimmed = text.trim();
      if (trimmed === '') {
        store.getState().pushError({
          source: 'say',
          code: 'invalid_input',
          field: 'text',
          message: 'Type what the agent should say.',
        });
        return false;
      }
      return (await actions.run('say', { text: trimmed })).ok;
    },
    generateReply: async (instructions) => {
      const trimmed = instructions.trim();
      return (await actions.run('generateReply', trimmed ? { instructions: trimmed } : {})).ok;
    },
    interrupt: async (force) => (await actions.run('interrupt', force ? { force: true } : {})).ok,
  };
}
