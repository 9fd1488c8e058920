import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INVOKE } from '../../../src/shared/contract';
import { STARTUP_FAILED_TITLE, startupFailureHandler } from '../../../src/main/electron/startup-failure';
import type * as Fake from './fake-electron';
import type FakeLog from './fake-electron-log';

vi.mock('electron', async () => await import('./fake-electron'));
vi.mock('electron-log/main', async () => await import('./fake-electron-log'));

const electron = (await import('electron')) as unknown as typeof Fake;
const { app, BrowserWindow, dialog, ipcMain } = electron;

// Beside the entry's folder, as out/renderer is beside out/main once built.
const indexFile = join(import.meta.dirname, '../../../src/main/renderer/index.html');
const ownFrame = { url: pathToFileURL(indexFile).href, parent: null };
/** The stand-in log the main process writes to; a fresh one for each launch. */
let fakeLog: typeof FakeLog;
let logFile: string;

/** Loads the main process afresh on a fresh stand-in, after `arrange` has set up the fault. */
async function launch(arrange: () => void = () => {}, { readyComes = true } = {}): Promise<void> {
  electron.resetFakeElectron();
  vi.resetModules();
  fakeLog = ((await import('electron-log/main')) as unknown as { default: typeof FakeLog }).default;
  logFile = join(fakeLog.folder, 'main.log');
  arrange();
  await import('../../../src/main/electron/index');
  // The start is over when a window opens (after the records are recovered, which takes a while
  // on a busy disk), the app exits, quits or says why not: wait for that rather than a guess, or
  // a slow start's window would turn up in the next test.
  const over = () =>
    BrowserWindow.created.length > 0 ||
    app.exitCode !== null ||
    app.quitCalls > 0 ||
    dialog.errorBoxes.length > 0;
  for (let waited = 0; readyComes && !over() && waited < 10_000; waited += 10)
    await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 20));
}

function expectFailedStart(): void {
  expect(dialog.errorBoxes).toEqual([
    {
      title: STARTUP_FAILED_TITLE,
      content: `Something went wrong while the app was starting, and it has closed. The details are in the log file ${logFile}.`,
    },
  ]);
  expect(app.exitCode).toBe(1);
  expect(app.lockHeld).toBe(false);
  expect(fakeLog.lines).toContain('error SocketCloseTest could not start. Error: boom');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a main process that cannot start', () => {
  it('says so in one box, releases the single-instance lock and exits with code 1', async () => {
    let lockHeldAtBox: boolean | null = null;
    await launch(() => {
      app.pathErrors.set('userData', new Error('boom'));
      vi.spyOn(dialog, 'showErrorBox').mockImplementation((title, content) => {
        lockHeldAtBox = app.lockHeld;
        dialog.errorBoxes.push({ title, content });
      });
    });
    expectFailedStart();
    // Released before the box, which waits for the person: a launch meanwhile is not turned away.
    expect(lockHeldAtBox).toBe(false);
    expect(BrowserWindow.created).toEqual([]);
  });

  it('does the same when Electron never becomes ready', async () => {
    await launch(() => {
      app.readyAnswer = () => Promise.reject(new Error('boom'));
    });
    expectFailedStart();
  });

  it('does the same when the window cannot be opened', async () => {
    await launch(() => {
      BrowserWindow.failNext = new Error('boom');
    });
    expectFailedStart();
  });

  it('still says so, without a log to point at, when logging cannot be set up', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    await launch(() => {
      vi.spyOn(fakeLog.errorHandler, 'startCatching').mockImplementation(() => {
        throw new Error('boom');
      });
    });
    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]?.content).toMatch(/^Something went wrong while the app was starting/);
    expect(dialog.errorBoxes[0]?.content).toMatch(/log could not be set up/);
    expect(quiet).toHaveBeenCalled();
    expect(app.exitCode).toBe(1);
    expect(app.lockHeld).toBe(false);
  });

  it('acts on the first failure only, and exits even when the box cannot be shown', () => {
    const calls: string[] = [];
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fail = startupFailureHandler({
      app: {
        releaseSingleInstanceLock: () => void calls.push('release'),
        exit: (code?: number) => void calls.push(`exit ${code}`),
      },
      dialog: {
        showErrorBox: () => {
          calls.push('box');
          throw new Error('no display');
        },
      },
      logging: () => null,
    });
    fail(new Error('first'));
    fail(new Error('second'));
    expect(calls).toEqual(['release', 'box', 'exit 1']);
    expect(quiet).toHaveBeenCalledTimes(2);
  });

  it('leaves a second copy to quit quietly when the first holds the lock', async () => {
    await launch(() => {
      app.lockGranted = false;
    });
    expect(app.quitCalls).toBe(1);
    expect(app.exitCode).toBeNull();
    expect(dialog.errorBoxes).toEqual([]);
    expect(BrowserWindow.created).toEqual([]);
  });
});

describe('a Windows machine that cannot name its Documents folder', () => {
  it('starts anyway, and its open dialogs start in the home folder', async () => {
    await launch(() => {
      app.pathErrors.set('documents', new Error("Failed to get 'documents' path"));
    });
    expect(dialog.errorBoxes).toEqual([]);
    expect(app.exitCode).toBeNull();
    expect(app.lockHeld).toBe(true);
    expect(BrowserWindow.created).toHaveLength(1);
    expect(fakeLog.lines.some((l) => l.startsWith('warn The Documents folder is not known'))).toBe(true);
    await ipcMain.invoke(INVOKE.importResults, ownFrame);
    expect(dialog.openOptions.map((o) => o.defaultPath)).toEqual([app.getPath('home')]);
  });
});

describe('a second launch', () => {
  it('brings the window back when there is none', async () => {
    await launch();
    BrowserWindow.created[0]!.close();
    expect(BrowserWindow.getAllWindows()).toEqual([]);
    app.emit('second-instance');
    expect(BrowserWindow.getAllWindows()).toHaveLength(1);
    expect(BrowserWindow.created[1]!.loaded).toEqual({ file: indexFile });
  });

  it('restores and focuses the window there is', async () => {
    await launch();
    const window = BrowserWindow.created[0]!;
    window.minimized = true;
    app.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(BrowserWindow.created).toHaveLength(1);
  });

  it('opens nothing before Electron is ready: the first window is still to come', async () => {
    let becomeReady = (): void => {};
    await launch(
      () => {
        app.readyAnswer = () => new Promise<void>((resolve) => (becomeReady = resolve));
      },
      { readyComes: false },
    );
    app.emit('second-instance');
    expect(BrowserWindow.created).toEqual([]);
    becomeReady();
    for (let waited = 0; BrowserWindow.created.length === 0 && waited < 10_000; waited += 10)
      await new Promise((r) => setTimeout(r, 10));
    expect(BrowserWindow.created).toHaveLength(1);
  });
});
