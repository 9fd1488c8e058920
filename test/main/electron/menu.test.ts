import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../../src/main/electron/menu';

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    if (Array.isArray(item.submenu)) {
      const inner = find(item.submenu, label);
      if (inner) return inner;
    }
  }
  return undefined;
}

describe('menuTemplate', () => {
  it('has "Open log folder", which calls the action', () => {
    let opened = 0;
    const template = menuTemplate({ openLogFolder: () => opened++ }, 'win32', false);
    const item = find(template, 'Open log folder');
    expect(item).toBeDefined();
    (item?.click as () => void)();
    expect(opened).toBe(1);
  });

  it('offers developer tools only in development, and the app menu only on macOS', () => {
    const roles = (t: MenuItemConstructorOptions[]): string[] =>
      t.flatMap((i) => [i.role ?? '', ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
    const action = { openLogFolder: () => {} };
    expect(roles(menuTemplate(action, 'win32', false))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate(action, 'win32', true))).toContain('toggleDevTools');
    expect(roles(menuTemplate(action, 'win32', false))).not.toContain('appMenu');
    expect(roles(menuTemplate(action, 'darwin', false))).toContain('appMenu');
  });
});
