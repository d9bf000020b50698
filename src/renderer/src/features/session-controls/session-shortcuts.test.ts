import { describe, expect, it } from 'vitest';
import type { KeyLike } from '../commands/menu-actions';
import { isTextEntry, matchSessionKey, shortcutRows } from './session-shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});
const body = { tagName: 'BODY' };
const textBox = { tagName: 'INPUT', type: 'text' };

describe('session shortcuts', () => {
  it('treat text inputs, text areas, selects and editable content as typing', () => {
    expect(isTextEntry(textBox)).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTextEntry({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextEntry({ tagName: 'SELECT' })).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextEntry({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });

  it('push-to-talk, help and zoom keys act only outside text fields and without modifiers', () => {
    expect(matchSessionKey(key(' '), body)).toBe('ptt');
    expect(matchSessionKey(key(' '), textBox)).toBeNull();
    expect(matchSessionKey(key('?', { shiftKey: true }), body)).toBe('help');
    expect(matchSessionKey(key('?'), textBox)).toBeNull();
    expect(matchSessionKey(key('='), body)).toBe('zoom_in');
    expect(matchSessionKey(key('-'), body)).toBe('zoom_out');
    expect(matchSessionKey(key('0'), body)).toBe('zoom_reset');
    expect(matchSessionKey(key('0', { ctrlKey: true }), body)).toBeNull();
    expect(matchSessionKey(key('a'), body)).toBeNull();
    expect(matchSessionKey(key('Escape'), textBox)).toBe('close_help');
  });

  it('list every shortcut in the help, with the platform’s modifier', () => {
    const rows = shortcutRows(false);
    expect(rows.map((r) => r.keys)).toContain('Ctrl+Enter');
    expect(rows.find((r) => r.keys === 'hold Space')?.action).toMatch(/Push to talk/);
    expect(shortcutRows(true)[0].keys).toBe('⌘+Enter');
  });
});
