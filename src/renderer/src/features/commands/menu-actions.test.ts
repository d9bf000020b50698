import { describe, expect, it } from 'vitest';
import type { StudioActions } from '../../bridge/studio-actions';
import { matchShortcut, runMenuAction, shortcutLabel, type KeyLike } from './menu-actions';
import { createZoom } from './zoom';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

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
    ping: rec('ping'),
  };
}

describe('menu actions', () => {
  it('runs the same actions as the buttons, and zooms', () => {
    const log: string[] = [];
    const factors: number[] = [];
    const zoom = createZoom((f) => factors.push(f));
    const actions = recordingActions(log);
    for (const a of ['start', 'interrupt', 'stop', 'zoom_in', 'zoom_in', 'zoom_out', 'zoom_reset'] as const) runMenuAction(a, actions, zoom);
    expect(log).toEqual(['start', 'interrupt', 'stop']);
    expect(factors).toEqual([1.1, 1.2, 1.1, 1]);
  });

  it('clamps zoom to its range', () => {
    const zoom = createZoom(() => undefined);
    for (let i = 0; i < 30; i++) zoom.zoomIn();
    expect(zoom.factor).toBe(2);
    for (let i = 0; i < 30; i++) zoom.zoomOut();
    expect(zoom.factor).toBe(0.5);
  });

  it('maps web shortcuts to actions and nothing else', () => {
    expect(matchShortcut(key('S', { ctrlKey: true, shiftKey: true }))).toBe('start');
    expect(matchShortcut(key('s', { metaKey: true, shiftKey: true }))).toBe('start');
    expect(matchShortcut(key('x', { ctrlKey: true, shiftKey: true }))).toBe('stop');
    expect(matchShortcut(key('Escape'))).toBe('interrupt');
    expect(matchShortcut(key('s', { ctrlKey: true }))).toBeNull();
    expect(matchShortcut(key('Escape', { shiftKey: true }))).toBeNull();
    expect(matchShortcut(key('a'))).toBeNull();
    expect(shortcutLabel('start')).toBe('Ctrl+Shift+S');
    expect(shortcutLabel('zoom_in')).toBeNull();
  });
});
