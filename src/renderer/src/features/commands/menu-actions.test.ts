import { describe, expect, it } from 'vitest';
import type { StudioActions } from '../../bridge/studio-actions';
import { matchShortcut, runMenuAction, shortcutLabel, type KeyLike } from './menu-actions';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

function recordingActions(log: string[]): StudioActions {
  const rec = (name: string) => async () => {
    log.push(name);
    return true;
  };
  return {
    run: async () => ({ ok: false, error: { code: 'failed', message: 'unused' } }),
    start: rec('start'),
    stop: rec('stop'),
    interrupt: rec('interrupt'),
    sendText: rec('sendText'),
    say: rec('say'),
    generateReply: rec('generateReply'),
    ping: rec('ping'),
  };
}

describe('menu actions', () => {
  it('runs the same actions as the buttons, and zooms', () => {
    const log: string[] = [];
    const zoom = {
      zoomIn: () => log.push('in'),
      zoomOut: () => log.push('out'),
      reset: () => log.push('reset'),
    };
    const actions = recordingActions(log);
    for (const a of ['start', 'interrupt', 'stop', 'zoom_in', 'zoom_out', 'zoom_reset'] as const)
      runMenuAction(a, actions, zoom);
    expect(log).toEqual(['start', 'interrupt', 'stop', 'in', 'out', 'reset']);
  });

  it('maps web shortcuts to actions and nothing else', () => {
    expect(matchShortcut(key('Enter', { ctrlKey: true }))).toBe('start');
    expect(matchShortcut(key('Enter', { metaKey: true }))).toBe('start');
    expect(matchShortcut(key('Enter', { ctrlKey: true, shiftKey: true }))).toBe('stop');
    expect(matchShortcut(key('i', { ctrlKey: true }))).toBe('interrupt');
    expect(matchShortcut(key('I', { metaKey: true }))).toBe('interrupt');
    expect(matchShortcut(key('Enter'))).toBeNull();
    expect(matchShortcut(key('i'))).toBeNull();
    expect(matchShortcut(key('Enter', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(matchShortcut(key('=', { ctrlKey: true }))).toBeNull();
    expect(shortcutLabel('start')).toBe('Ctrl+Enter');
    expect(shortcutLabel('zoom_in')).toBeNull();
  });
});
