/** What the user asked for and what came back: errors to show, ping results, commands in flight. */
import type { StateCreator } from 'zustand';
import type { CommandName, ErrorCode } from '../../../shared/studio-api';
import type { StudioStore } from './studio-store';

export interface ErrorNotice {
  id: number;
  /** The command that failed, or a bridge step such as `connect`. */
  source: string;
  code: ErrorCode;
  message: string;
  field?: string;
  /** An `error` event of the running session (not a failed command): the session goes on. */
  session?: boolean;
  /** Wall-clock time it was shown, ms since epoch. */
  at: number;
}

export interface PingResult {
  nonce: string;
  roundTripMs: number;
  receivedAt: number;
}

/** How the last user command ended, so a quiet success (interrupting nothing) is still visible. */
export interface CommandOutcome {
  /** Increments per finished command; lets a watcher tell two equal outcomes apart. */
  seq: number;
  command: CommandName;
  ok: boolean;
  code: ErrorCode | null;
}

/** Older errors are dropped: the banner is for what just happened, not a log. */
export const MAX_ERROR_NOTICES = 3;

export interface FeedbackSlice {
  errors: ErrorNotice[];
  lastPing: PingResult | null;
  inFlight: Partial<Record<CommandName, number>>;
  lastOutcome: CommandOutcome | null;
  recordOutcome(command: CommandName, ok: boolean, code: ErrorCode | null): void;
  pushError(notice: Omit<ErrorNotice, 'id' | 'at'>): void;
  dismissError(id: number): void;
  dismissAllErrors(): void;
  /**
   * Drops the notices of commands the transport failed (connection lost, no answer, refused):
   * once the connection is back and main's state re-read, they describe a past outage.
   */
  clearTransportErrors(): void;
  setPing(result: PingResult): void;
  beginCommand(command: CommandName): void;
  endCommand(command: CommandName): void;
}

export const initialFeedbackState = {
  errors: [] as ErrorNotice[],
  lastPing: null as PingResult | null,
  inFlight: {} as Partial<Record<CommandName, number>>,
  lastOutcome: null as CommandOutcome | null,
};

let nextErrorId = 1;

export const createFeedbackSlice: StateCreator<StudioStore, [], [], FeedbackSlice> = (set) => ({
  ...initialFeedbackState,
  pushError: (notice) =>
    set((s) => ({
      errors: [...s.errors, { ...notice, id: nextErrorId++, at: Date.now() }].slice(-MAX_ERROR_NOTICES),
    })),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
  dismissAllErrors: () => set({ errors: [] }),
  clearTransportErrors: () =>
    set((s) =>
      s.errors.some((e) => e.code === 'transport')
        ? { errors: s.errors.filter((e) => e.code !== 'transport') }
        : s,
    ),
  setPing: (lastPing) => set({ lastPing }),
  recordOutcome: (command, ok, code) =>
    set((s) => ({ lastOutcome: { seq: (s.lastOutcome?.seq ?? 0) + 1, command, ok, code } })),
  beginCommand: (command) =>
    set((s) => ({ inFlight: { ...s.inFlight, [command]: (s.inFlight[command] ?? 0) + 1 } })),
  endCommand: (command) =>
    set((s) => {
      const left = (s.inFlight[command] ?? 1) - 1;
      const inFlight = { ...s.inFlight };
      if (left > 0) inFlight[command] = left;
      else delete inFlight[command];
      return { inFlight };
    }),
});
