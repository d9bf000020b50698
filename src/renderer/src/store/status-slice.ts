/**
 * Main's view of the session (phase, agent and user state), as last pushed or fetched. A new
 * session resolves the notices of the last one; a phase change clears the controls' misuse notes.
 */
import type { StateCreator } from 'zustand';
import type { StudioStatus } from '../../../shared/studio-api';
import type { StudioStore } from './studio-store';

export interface StatusSlice {
  /** Null until main has told us anything; the UI shows "unknown" rather than guessing idle. */
  status: StudioStatus | null;
  setStatus(status: StudioStatus): void;
}

export const initialStatusState = {
  status: null as StudioStatus | null,
};

export const createStatusSlice: StateCreator<StudioStore, [], [], StatusSlice> = (set, get) => ({
  ...initialStatusState,
  setStatus: (status) => {
    const prev = get().status;
    set({ status });
    // A new session: the errors of the one before are about a session that is over.
    if (status.sessionId !== null && status.sessionId !== (prev?.sessionId ?? null))
      get().resolveNotices('new_session');
    // A control's misuse note ("no session is running") is about the phase it was used in.
    if (prev !== null && status.phase !== prev.phase) get().clearInlineNotices();
  },
});
