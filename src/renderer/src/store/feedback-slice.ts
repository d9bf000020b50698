/** What the user asked for and what came back: errors to show, ping results, commands in flight. */
import type { StateCreator } from 'zustand';
import type { CommandName, ErrorCode } from '../../../shared/studio-api';
import {
  CONTROL_OF,
  placeNotice,
  resolves,
  type InlineControl,
  type NoticeResolution,
} from './notice-causes';
import type { StudioStore } from './studio-store';

export interface ErrorNotice {
  id: number;
  /** What the notice is about (notice-causes.ts): a second failure of the same cause replaces it. */
  cause: string;
  /** What makes it untrue; it disappears then. */
  resolvedBy: NoticeResolution;
  /** How many failures of this cause it stands for (the message is the latest's). */
  count: number;
  /** The command that failed, or a bridge step such as `connect`. */
  source: string;
  code: ErrorCode;
  message: string;
  field?: string;
  /** An `error` event of the running session (not a failed command). */
  session?: boolean;
  /** For a session error: false when it closed the session (or the session is over). */
  recoverable?: boolean;
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

/** A misuse of a session control, shown next to it (not in the banner). */
export interface InlineNotice {
  /** Increments per note, so a repeat of the same message is told apart. */
  seq: number;
  code: ErrorCode;
  message: string;
}

export type NoticeInput = Omit<ErrorNotice, 'id' | 'at' | 'cause' | 'resolvedBy' | 'count'>;

export interface FeedbackSlice {
  errors: ErrorNotice[];
  /** Misuse notes by control; each clears when its control is used again or the phase changes. */
  inlineNotices: Partial<Record<InlineControl, InlineNotice>>;
  lastPing: PingResult | null;
  inFlight: Partial<Record<CommandName, number>>;
  lastOutcome: CommandOutcome | null;
  recordOutcome(command: CommandName, ok: boolean, code: ErrorCode | null): void;
  /** Shows a failure: in the banner (one notice per cause), or inline for a control's misuse. */
  pushError(notice: NoticeInput): void;
  dismissError(id: number): void;
  dismissAllErrors(): void;
  /**
   * Drops the notices a resolution makes untrue: `reconnect` (what the transport failed — once
   * the connection is back and main's state re-read, they describe a past outage), `new_session`
   * (the errors of a session that is over), `command_ok` with the command that just worked.
   */
  resolveNotices(resolution: NoticeResolution, command?: CommandName): void;
  /** Says next to a control why it cannot work now (no round trip was needed to know). */
  noteMisuse(control: InlineControl, message: string): void;
  /** Drops the misuse notes: all of them, or one control's. */
  clearInlineNotices(control?: InlineControl): void;
  setPing(result: PingResult): void;
  beginCommand(command: CommandName): void;
  endCommand(command: CommandName): void;
}

export const initialFeedbackState = {
  errors: [] as ErrorNotice[],
  inlineNotices: {} as Partial<Record<InlineControl, InlineNotice>>,
  lastPing: null as PingResult | null,
  inFlight: {} as Partial<Record<CommandName, number>>,
  lastOutcome: null as CommandOutcome | null,
};

let nextErrorId = 1;
let nextInlineSeq = 1;

export const createFeedbackSlice: StateCreator<StudioStore, [], [], FeedbackSlice> = (set) => ({
  ...initialFeedbackState,
  pushError: (notice) =>
    set((s) => {
      const place = placeNotice(notice);
      if (place.kind === 'inline') {
        const note: InlineNotice = { seq: nextInlineSeq++, code: notice.code, message: notice.message };
        return { inlineNotices: { ...s.inlineNotices, [place.control]: note } };
      }
      const prev = s.errors.find((e) => e.cause === place.cause);
      const next: ErrorNotice = {
        ...notice,
        cause: place.cause,
        resolvedBy: place.resolvedBy,
        count: (prev?.count ?? 0) + 1,
        id: nextErrorId++,
        at: Date.now(),
      };
      return { errors: [...s.errors.filter((e) => e !== prev), next].slice(-MAX_ERROR_NOTICES) };
    }),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
  dismissAllErrors: () => set({ errors: [] }),
  resolveNotices: (resolution, command) =>
    set((s) =>
      s.errors.some((e) => resolves(e, resolution, command))
        ? { errors: s.errors.filter((e) => !resolves(e, resolution, command)) }
        : s,
    ),
  noteMisuse: (control, message) =>
    set((s) => ({
      inlineNotices: {
        ...s.inlineNotices,
        [control]: { seq: nextInlineSeq++, code: 'not_available', message },
      },
    })),
  clearInlineNotices: (control) =>
    set((s) => {
      if (control === undefined) return Object.keys(s.inlineNotices).length > 0 ? { inlineNotices: {} } : s;
      if (!s.inlineNotices[control]) return s;
      const inlineNotices = { ...s.inlineNotices };
      delete inlineNotices[control];
      return { inlineNotices };
    }),
  setPing: (lastPing) => set({ lastPing }),
  recordOutcome: (command, ok, code) =>
    set((s) => ({ lastOutcome: { seq: (s.lastOutcome?.seq ?? 0) + 1, command, ok, code } })),
  beginCommand: (command) =>
    set((s) => {
      const inFlight = { ...s.inFlight, [command]: (s.inFlight[command] ?? 0) + 1 };
      // Using a control again replaces what was said about its last use.
      const control = CONTROL_OF[command];
      if (!control || !s.inlineNotices[control]) return { inFlight };
      const inlineNotices = { ...s.inlineNotices };
      delete inlineNotices[control];
      return { inFlight, inlineNotices };
    }),
  endCommand: (command) =>
    set((s) => {
      const left = (s.inFlight[command] ?? 1) - 1;
      const inFlight = { ...s.inFlight };
      if (left > 0) inFlight[command] = left;
      else delete inFlight[command];
      return { inFlight };
    }),
});
