/**
 * What a failure notice is about, and what makes it untrue. Every notice has a cause key (one
 * notice per cause: a repeat replaces it and counts) and the event that resolves it:
 *
 * - a command the transport failed (code `transport`): the connection coming back;
 * - an `error` event of a session, or a failure of the session's microphone: the next session;
 * - any other failed command: that command succeeding next time (or the user dismissing it).
 *
 * Misuse of a session control (an empty text, a verb with no session to act on, Start while one
 * runs) is not a banner at all: it is an inline note next to the control that was misused,
 * cleared when the control is used again or the session's phase changes.
 */
import type { CommandName, ErrorCode } from '../../../shared/studio-api';

export type NoticeResolution = 'reconnect' | 'new_session' | 'command_ok';

/**
 * The one cause of every failure the transport reports: the connection to the studio. Its notice
 * is named by this cause, not by the request that happened to notice it first.
 */
export const TRANSPORT_CAUSE = 'transport';

/** The session controls a misuse note can sit next to. */
export type InlineControl = 'start' | 'stop' | 'send' | 'say' | 'generateReply' | 'interrupt';

/** The control each session command belongs to. */
export const CONTROL_OF: Partial<Record<CommandName, InlineControl>> = {
  startSession: 'start',
  stopSession: 'stop',
  sendText: 'send',
  say: 'say',
  generateReply: 'generateReply',
  interrupt: 'interrupt',
};

/** Commands (and renderer steps) about the running session only: the next session makes them past. */
const SESSION_SCOPED: ReadonlySet<string> = new Set([
  'microphone',
  'pushAudio',
  'reportMicrophone',
  'commitUserTurn',
  'clearUserTurn',
]);

/** Codes that mean "this control cannot work now or with this input", not "something broke". */
const MISUSE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['invalid_input', 'no_session']);

export interface NoticeInput {
  source: string;
  code: ErrorCode;
  session?: boolean;
}

export type NoticePlacement =
  | { kind: 'inline'; control: InlineControl }
  | { kind: 'banner'; cause: string; resolvedBy: NoticeResolution };

export function placeNotice(n: NoticeInput): NoticePlacement {
  if (n.session) return { kind: 'banner', cause: `session:${n.source}`, resolvedBy: 'new_session' };
  // However many commands failed for want of a connection, the cause is one: the connection.
  if (n.code === 'transport') return { kind: 'banner', cause: TRANSPORT_CAUSE, resolvedBy: 'reconnect' };
  const control = CONTROL_OF[n.source as CommandName];
  // A start refused for its config names the config field: that is a banner until a start works.
  if (control && control !== 'start' && MISUSE_CODES.has(n.code)) return { kind: 'inline', control };
  const resolvedBy = SESSION_SCOPED.has(n.source) ? 'new_session' : 'command_ok';
  return { kind: 'banner', cause: `command:${n.source}`, resolvedBy };
}

/** Whether a resolution event makes a notice untrue (`command`: the command that succeeded). */
export function resolves(
  notice: { cause: string; resolvedBy: NoticeResolution },
  resolution: NoticeResolution,
  command?: string,
): boolean {
  if (notice.resolvedBy !== resolution) return false;
  return resolution !== 'command_ok' || notice.cause === `command:${command}`;
}
