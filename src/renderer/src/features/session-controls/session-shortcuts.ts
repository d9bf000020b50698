/**
 * The session panel's own keys: hold Space for push-to-talk, `?` for the shortcut help, and
 * plain + / - / 0 for timeline zoom. None of them may steal a key from someone typing, so each
 * is ignored while focus is in a text field. (Start, stop and interrupt are the menu's
 * accelerators, handled in features/commands.)
 */
import type { KeyLike } from '../commands/menu-actions';

/** The parts of an event target the text-field check reads, so it is testable without a DOM. */
export interface TargetLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

/** Inputs that take typed text; a checkbox or button does not. */
const TEXT_INPUT_TYPES = new Set([
  '',
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'time',
]);

export function isTextEntry(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has((target.type ?? '').toLowerCase());
}

export type SessionKey = 'ptt' | 'help' | 'close_help' | 'zoom_in' | 'zoom_out' | 'zoom_reset';

const plain = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;

/** The key-down action for a key, or null to let the browser have it. */
export function matchSessionKey(e: KeyLike, target: TargetLike | null | undefined): SessionKey | null {
  if (e.key === 'Escape') return 'close_help';
  if (isTextEntry(target) || !plain(e)) return null;
  if (e.key === ' ' || e.key === 'Spacebar') return 'ptt';
  if (e.key === '?') return 'help';
  if (e.key === '+' || e.key === '=') return 'zoom_in';
  if (e.key === '-' || e.key === '_') return 'zoom_out';
  if (e.key === '0') return 'zoom_reset';
  return null;
}

export interface ShortcutHelpRow {
  keys: string;
  action: string;
}

/** What the `?` overlay lists; desktop and web share the menu accelerators' labels. */
export function shortcutRows(isMac: boolean): ShortcutHelpRow[] {
  const mod = isMac ? '⌘' : 'Ctrl';
  return [
    { keys: `${mod}+Enter`, action: 'Start a session' },
    { keys: `${mod}+Shift+Enter`, action: 'Stop the session' },
    { keys: `${mod}+I`, action: 'Interrupt the agent' },
    {
      keys: 'hold Space',
      action:
        'Push to talk, when the PTT toggle is on (outside text fields): the microphone sends only while held; release ends your turn',
    },
    { keys: '+  /  -  /  0', action: 'Zoom the timeline in / out / reset (outside text fields)' },
    { keys: `${mod}+=  /  ${mod}+-  /  ${mod}+0`, action: 'Zoom the timeline (desktop View menu)' },
    { keys: 'f  /  Home  /  ←  →', action: 'Timeline focused: follow live / fit / pan' },
    { keys: '?', action: 'Show or hide this help' },
    { keys: 'Esc', action: 'Close this help' },
  ];
}
