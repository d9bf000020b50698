import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuAction } from './menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('application menu', () => {
  it('binds the studio accelerators to menu pushes', () => {
    const sent: MenuAction[] = [];
    const items = flatten(
      buildMenuTemplate({ isMac: false, appName: 'Studio', sendAction: (a) => sent.push(a), devTools: true }),
    );
    const expected: Array<[string, MenuAction]> = [
      ['CmdOrCtrl+Enter', 'start'],
      ['CmdOrCtrl+Shift+Enter', 'stop'],
      ['CmdOrCtrl+I', 'interrupt'],
      ['CmdOrCtrl+=', 'zoom_in'],
      ['CmdOrCtrl+-', 'zoom_out'],
      ['CmdOrCtrl+0', 'zoom_reset'],
    ];
    for (const [accelerator] of expected) {
      const item = items.find((i) => i.accelerator === accelerator);
      expect(item, accelerator).toBeDefined();
      (item?.click as () => void)();
    }
    expect(sent).toEqual(expected.map(([, a]) => a));
  });

  it('has reload and devtools, and no page-zoom roles that would steal the timeline keys', () => {
    const roles = flatten(
      buildMenuTemplate({ isMac: false, appName: 'Studio', sendAction: () => undefined, devTools: true }),
    ).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles).not.toContain('zoomIn');
    expect(roles).not.toContain('resetZoom');
  });

  it('offers no DevTools in a production build', () => {
    const roles = flatten(
      buildMenuTemplate({ isMac: false, appName: 'Studio', sendAction: () => undefined, devTools: false }),
    ).map((i) => i.role);
    expect(roles).toContain('reload');
    expect(roles).not.toContain('toggleDevTools');
  });

  it('adds the app menu on macOS', () => {
    const mac = buildMenuTemplate({
      isMac: true,
      appName: 'Voice Agent Studio',
      sendAction: () => undefined,
      devTools: false,
    });
    expect(mac[0].label).toBe('Voice Agent Studio');
  });
});
