/**
 * One dispatcher for the desktop menu's pushes and the web page's keyboard shortcuts, so a
 * menu item, its accelerator and the on-screen button always do the same thing.
 */
import type { PushedEvents } from '../../../../shared/studio-api';
import type { StudioActions } from '../../bridge/studio-actions';

export type MenuAction = PushedEvents['menu']['action'];

export interface ZoomControl {
  zoomIn(): void;
  zoomOut(): void;
  reset(): void;
}

export function runMenuAction(action: MenuAction, actions: StudioActions, zoom: ZoomControl): void {
  switch (action) {
    case 'start':
      void actions.start();
      return;
    case 'stop':
      void actions.stop();
      return;
    case 'interrupt':
      void actions.interrupt();
      return;
    case 'zoom_in':
      zoom.zoomIn();
      return;
    case 'zoom_out':
      zoom.zoomOut();
      return;
    case 'zoom_reset':
      zoom.reset();
      return;
    default: {
      // A new menu action that is not handled here must fail to compile.
      const unhandled: never = action;
      console.warn('unknown menu action', unhandled);
    }
  }
}

/** The subset of KeyboardEvent the matcher reads, so it is testable without a DOM. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const mod = (e: KeyLike) => (e.ctrlKey || e.metaKey) && !e.altKey;

/**
 * Web-mode shortcuts: the desktop menu's accelerators (src/main/menu.ts), so muscle memory
 * carries over. In Electron the menu owns them and pushes `menu`, so these are bound only for
 * the WebSocket transport (binding both would run each action twice). The timeline zoom keys
 * (Ctrl +/-/0) are left to the browser in web mode: taking page zoom away from a browser user
 * costs more than the parity is worth.
 */
export const WEB_SHORTCUTS: readonly { action: MenuAction; label: string; matches(e: KeyLike): boolean }[] = [
  { action: 'start', label: 'Ctrl+Enter', matches: (e) => mod(e) && !e.shiftKey && e.key === 'Enter' },
  { action: 'stop', label: 'Ctrl+Shift+Enter', matches: (e) => mod(e) && e.shiftKey && e.key === 'Enter' },
  {
    action: 'interrupt',
    label: 'Ctrl+I',
    matches: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'i',
  },
];

export function matchShortcut(e: KeyLike): MenuAction | null {
  return WEB_SHORTCUTS.find((s) => s.matches(e))?.action ?? null;
}

/** The label of an action's web shortcut, for tooltips. */
export function shortcutLabel(action: MenuAction): string | null {
  return WEB_SHORTCUTS.find((s) => s.action === action)?.label ?? null;
}
