import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { EVENTS, INVOKE, type HistoryEntry, type Snapshot } from '../../../src/shared/contract';
import type * as Fake from './fake-electron';
import fakeLog from './fake-electron-log';
import { RUN_LOG_KIND } from '../../../src/main/results/run-log';
import { windowsDocument } from '../../fixtures/results/factory';

vi.mock('electron', async () => await import('./fake-electron'));
vi.mock('electron-log/main', async () => await import('./fake-electron-log'));

const electron = (await import('electron')) as unknown as typeof Fake;
const { app, ipcMain, BrowserWindow, Menu, shell, session } = electron;
// What an app killed mid-run left behind: a run log with a begun run and its errors, nothing more.
const runsDir = join(app.getPath('userData'), 'results', 'runs');
mkdirSync(runsDir, { recursive: true });
const killed = windowsDocument().runs[1]!;
writeFileSync(
  join(runsDir, '5b7e0c2a-killed-session.jsonl'),
  [
    { type: 'open', kind: RUN_LOG_KIND, version: 1, openedAt: 0 },
    {
      type: 'begin',
      mode: killed.mode,
      config: killed.config,
      system: killed.system,
      startedAt: killed.startedAt,
    },
    ...killed.errors.map((error) => ({ type: 'error', error })),
  ]
    .map((line) => JSON.stringify(line))
    .join('\n'),
);
await import('../../../src/main/electron/index');
// The window opens once Electron is ready and the records are recovered: wait for it, not a guess.
for (let waited = 0; BrowserWindow.created.length === 0 && waited < 10_000; waited += 10)
  await new Promise((r) => setTimeout(r, 10));
await new Promise((r) => setTimeout(r, 50));

// The folder the entry runs from (out/main once built): the app's paths are relative to it.
const mainDir = join(import.meta.dirname, '../../../src/main/electron');
const indexFile = join(mainDir, '..', 'renderer', 'index.html');
const ownFrame = { url: pathToFileURL(indexFile).href, parent: null };

function findItem(
  items: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = Array.isArray(item.submenu) ? findItem(item.submenu, label) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

describe('the main process, wired with a stand-in electron', () => {
  it('opens one sandboxed window on the built page, with the CommonJS preload', () => {
    expect(BrowserWindow.created).toHaveLength(1);
    const window = BrowserWindow.created[0]!;
    expect(window.loaded).toEqual({ file: indexFile });
    expect(window.options.webPreferences).toMatchObject({
      preload: join(mainDir, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });

  it('registers a handler for every invoke channel, which answers our page and refuses others', async () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(INVOKE).sort());
    const snapshot = (await ipcMain.invoke(INVOKE.getSnapshot, ownFrame)) as Snapshot;
    expect(snapshot.state).toBe('idle');
    await expect(
      ipcMain.invoke(INVOKE.getSnapshot, { url: 'https://example.com/', parent: null }),
    ).rejects.toThrow('Refused');
    expect(await ipcMain.invoke(INVOKE.start, ownFrame, { mode: 'client', port: 70000 })).toEqual({
      ok: false,
      error: 'Port must be a whole number from 1 to 65535 (got 70000).',
    });
    expect(await ipcMain.invoke(INVOKE.openHistory, ownFrame, '../../secrets')).toEqual({
      ok: false,
      error: 'That results entry is not known.',
    });
    // This computer's channels: a bad interval starts nothing; the snapshot says no watch runs.
    expect(await ipcMain.invoke(INVOKE.watchStart, ownFrame, 'fast')).toEqual({
      ok: false,
      error: 'The watch interval must be a number of seconds from 0.25 to 60.',
    });
    expect(await ipcMain.invoke(INVOKE.getWatchSnapshot, ownFrame)).toMatchObject({
      watching: false,
      poll: null,
    });
    expect(await ipcMain.invoke(INVOKE.exportWatchCsv, ownFrame)).toEqual({
      ok: false,
      error: 'There is nothing to export yet: start watching first.',
    });
    await expect(
      ipcMain.invoke(INVOKE.watchStart, { url: 'https://example.com/', parent: null }),
    ).rejects.toThrow('Refused');
  });

  it('has recovered the run log a killed run left, before the window could ask for the history', async () => {
    const listed = (await ipcMain.invoke(INVOKE.listHistory, ownFrame)) as {
      ok: true;
      value: HistoryEntry[];
    };
    expect(listed).toMatchObject({
      ok: true,
      value: [{ status: 'failed', summary: 'client: exhausted (interrupted: recovered from its run log)' }],
    });
    expect(readdirSync(runsDir)).toEqual([`${listed.value[0]!.id}.jsonl`]);
  });

  it('fences every web contents and denies every permission', () => {
    const contents = new electron.FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    session.defaultSession.permissionRequestHandler?.(null, 'media', (granted: boolean) =>
      answers.push(granted),
    );
    expect(answers).toEqual([false]);
  });

  it('has "Open log folder" in the menu, which shows the log folder', async () => {
    const item = findItem(Menu.template as MenuItemConstructorOptions[], 'Open log folder');
    (item?.click as () => void)();
    await new Promise((r) => setTimeout(r, 20));
    expect(shell.opened).toEqual([fakeLog.folder]);
    expect(electron.dialog.errorBoxes).toEqual([]);
    // When the file manager cannot show it, the person is told in a box (there is no page to answer).
    shell.problem = 'No application knows how to open folders.';
    (item?.click as () => void)();
    await new Promise((r) => setTimeout(r, 20));
    expect(electron.dialog.errorBoxes).toEqual([
      {
        title: 'Open log folder',
        content: `The log folder ${fakeLog.folder} could not be opened: No application knows how to open folders.`,
      },
    ]);
  });

  it('logs to electron-log, and never shows uncaught errors as a dialog', () => {
    expect(fakeLog.caught).toEqual({ showDialog: false });
    expect(fakeLog.lines.some((l) => l.startsWith('info SocketCloseTest'))).toBe(true);
  });

  it('sends snapshots to its window through the event channel', async () => {
    const window = BrowserWindow.created[0]!;
    window.webContents.sent.length = 0;
    // Run from the sources, the worker is not beside the main bundle, so the start is refused;
    // the window still hears why through the snapshot channel.
    const reply = await ipcMain.invoke(INVOKE.start, ownFrame, {
      mode: 'client',
      port: 63301,
      durationSec: 1,
    });
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^The test could not start/) });
    const sent = window.webContents.sent;
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((m) => m.channel === EVENTS.snapshot)).toBe(true);
    const last = sent.at(-1)!.payload as Snapshot;
    expect(last.state).toBe('idle');
    expect(last.message).toBe((reply as { error: string }).error);
  });

  it('focuses the first window when a second copy starts', () => {
    const window = BrowserWindow.created[0]!;
    window.minimized = true;
    app.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
  });

  it('quits at once when idle, and when its window closes', () => {
    const before = app.quitCalls;
    let willQuit = 0;
    app.on('will-quit', () => willQuit++);
    BrowserWindow.created[0]!.close();
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(before + 1);
    expect(willQuit).toBe(1);
  });
});
