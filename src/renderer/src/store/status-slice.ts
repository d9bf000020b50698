/** Main's view of the session (phase, agent and user state), as last pushed or fetched. */
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

export const createStatusSlice: StateCreator<StudioStore, [], [], StatusSlice> = (set) => ({
  ...initialStatusState,
  setStatus: (status) => set({ status }),
});
