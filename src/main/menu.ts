/**
 * The application menu. Studio actions do not run here: they are pushed to the renderer as a
 * `menu` event so a menu click and the renderer's own button go through one code path (the
 * renderer then invokes the command, with its own state checks). Built as a plain template so it
 * can be tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { PushedEvents } from '../shared/studio-api';

export type MenuAction = PushedEvents['menu']['action'];

export interface MenuDeps {
  isMac: boolean;
  appName: string;
  sendAction(action: MenuAction): void;
  /** Development builds only (build-mode.ts): a production window has no DevTools to toggle. */
  devTools: boolean;
}

export function buildMenuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const action = (label: string, accelerator: string, act: MenuAction): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => deps.sendAction(act),
  });
  const template: MenuItemConstructorOptions[] = [];
  if (deps.isMac) {
    template.push({
      label: deps.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  } else {
    template.push({ label: 'File', submenu: [{ role: 'quit' }] });
  }
  // Text fields (instructions, tool specs) need the standard editing shortcuts, on macOS only via this menu.
  template.push({ role: 'editMenu' });
  template.push({
    label: 'Session',
    submenu: [
      action('Start', 'CmdOrCtrl+Enter', 'start'),
      action('Stop', 'CmdOrCtrl+Shift+Enter', 'stop'),
      // Push to talk is absent on purpose: it needs key-down and key-up, which an accelerator
      // cannot report, so it is a renderer shortcut.
      action('Interrupt', 'CmdOrCtrl+I', 'interrupt'),
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      // These zoom the timeline, not the page: the page zoom roles are deliberately absent.
      action('Zoom In Timeline', 'CmdOrCtrl+=', 'zoom_in'),
      action('Zoom Out Timeline', 'CmdOrCtrl+-', 'zoom_out'),
      action('Reset Timeline Zoom', 'CmdOrCtrl+0', 'zoom_reset'),
      { type: 'separator' },
      { role: 'reload' },
      ...(deps.devTools ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ role: 'windowMenu' });
  return template;
}
