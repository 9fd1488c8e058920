/**
 * A stand-in for the `electron` module: just enough of the main-process and preload APIs to run our
 * wiring in plain Node and record what it asked for (window options, handlers, listeners). Tests
 * load it with `vi.mock('electron', ...)`; it replaces Electron only, never node:net or the engine.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Listener = (...args: unknown[]) => unknown;

/** A frame as ipcMain handlers see it in `event.senderFrame`. */
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeWebContents extends EventEmitter {
  sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits like Electron and says whether a listener called preventDefault. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  /** When set, the next window fails to open with this error (as a GPU or profile fault would). */
  static failNext: Error | null = null;
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.created.filter((w) => !w.destroyed);
  }
  webContents = new FakeWebContents();
  loaded: { file?: string; url?: string } = {};
  destroyed = false;
  shown = false;
  focused = false;
  minimized = false;
  constructor(public options: Record<string, unknown>) {
    super();
    const failure = BrowserWindow.failNext;
    BrowserWindow.failNext = null;
    if (failure) throw failure;
    BrowserWindow.created.push(this);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file };
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Like Electron: 'close' first, and only if no listener prevented it does the window go. */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeIpcMain {
  handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler as a renderer in `frame` would. */
  async invoke(channel: string, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame, sender: null }, ...args);
  }
}
export const ipcMain = new FakeIpcMain();

class FakeSession {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  headersListener: Listener | null = null;
  webRequest = {
    onHeadersReceived: (listener: Listener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheckHandler = handler;
  }
}
export const session = { defaultSession: new FakeSession() };

class FakeApp extends EventEmitter {
  userData = mkdtempSync(join(tmpdir(), 'sct-fake-userdata-'));
  quitCalls = 0;
  lockGranted = true;
  /** True from a granted requestSingleInstanceLock until it is released or the process exits. */
  lockHeld = false;
  /** The code given to exit(), null while the process would still be running. */
  exitCode: number | null = null;
  isPackaged = false;
  /** Names getPath throws for, as Electron does when Windows cannot name a known folder. */
  pathErrors = new Map<string, Error>();
  /** What whenReady answers; tests swap in a rejection or a promise they settle themselves. */
  readyAnswer: () => Promise<void> = () => Promise.resolve();
  getPath(name: string): string {
    const error = this.pathErrors.get(name);
    if (error) throw error;
    return join(this.userData, name);
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getName(): string {
    return 'SocketCloseTest';
  }
  requestSingleInstanceLock(): boolean {
    if (this.lockGranted) this.lockHeld = true;
    return this.lockGranted;
  }
  releaseSingleInstanceLock(): void {
    this.lockHeld = false;
  }
  whenReady(): Promise<void> {
    return this.readyAnswer();
  }
  quit(): void {
    this.quitCalls++;
    // Like Electron: 'before-quit' first, and only if nobody prevented it do windows close.
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('will-quit', { preventDefault: () => {} });
  }
  /** Electron ends the process at once, without quit events; the lock goes with it. */
  exit(code = 0): void {
    this.exitCode = code;
    this.lockHeld = false;
  }
  setAppUserModelId(): void {}
}
export const app = new FakeApp();

export const screen = {
  /** The primary display's work area (the screen less the taskbar), in device-independent pixels. */
  workAreaSize: { width: 1920, height: 1040 },
  getPrimaryDisplay(): { workAreaSize: { width: number; height: number } } {
    return { workAreaSize: screen.workAreaSize };
  },
};

export const Menu = {
  template: null as unknown[] | null,
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] } | null): void {
    Menu.template = menu ? menu.template : null;
  },
};

export const shell = {
  opened: [] as string[],
  /** What openPath answers: '' for success, else Electron's error text. */
  problem: '',
  openPath(path: string): Promise<string> {
    shell.opened.push(path);
    return Promise.resolve(shell.problem);
  },
  openExternal(): Promise<void> {
    throw new Error('The app must not open external links.');
  },
};

export const clipboard = {
  text: '',
  writeText(text: string): void {
    clipboard.text = text;
  },
};

export const dialog = {
  errorBoxes: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    dialog.errorBoxes.push({ title, content });
  },
  saveResult: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
  openResult: { canceled: true, filePaths: [] as string[] },
  /** The options of each open dialog asked for, to see where it starts. */
  openOptions: [] as { defaultPath?: string }[],
  showSaveDialog(): Promise<{ canceled: boolean; filePath: string }> {
    return Promise.resolve(dialog.saveResult);
  },
  /** The message boxes asked for (their options), and the button the next one answers with. */
  messageBoxes: [] as { title?: string; message: string; detail?: string; buttons?: string[] }[],
  messageBoxResponse: 0,
  /** When set, the next message box is answered only when the test calls it. */
  holdMessageBox: null as null | ((answer: (response: number) => void) => void),
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    // Like Electron: the parent window is optional and comes first.
    dialog.messageBoxes.push(args.at(-1) as { message: string });
    const hold = dialog.holdMessageBox;
    dialog.holdMessageBox = null;
    if (hold)
      return new Promise((resolve) => hold((response) => resolve({ response, checkboxChecked: false })));
    return Promise.resolve({ response: dialog.messageBoxResponse, checkboxChecked: false });
  },
  showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    // Like Electron: the parent window is optional and comes first.
    dialog.openOptions.push(args.at(-1) as { defaultPath?: string });
    return Promise.resolve(dialog.openResult);
  },
};

// Preload side.
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, value: unknown): void {
    contextBridge.exposed.set(key, value);
  },
};

class FakeIpcRenderer extends EventEmitter {
  invocations: { channel: string; args: unknown[] }[] = [];
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return Promise.resolve({ ok: true, value: null });
  }
}
export const ipcRenderer = new FakeIpcRenderer();

/**
 * Back to a fresh app for a test that loads the main process again (after vi.resetModules): no
 * listeners, windows, handlers or recorded calls from an earlier load.
 */
export function resetFakeElectron(): void {
  app.removeAllListeners();
  app.quitCalls = 0;
  app.lockGranted = true;
  app.lockHeld = false;
  app.exitCode = null;
  app.pathErrors.clear();
  app.readyAnswer = () => Promise.resolve();
  BrowserWindow.created.length = 0;
  BrowserWindow.failNext = null;
  ipcMain.handlers.clear();
  Menu.template = null;
  shell.opened.length = 0;
  shell.problem = '';
  dialog.errorBoxes.length = 0;
  dialog.openOptions.length = 0;
  dialog.messageBoxes.length = 0;
  dialog.messageBoxResponse = 0;
  dialog.holdMessageBox = null;
  screen.workAreaSize = { width: 1920, height: 1040 };
}

export default {
  app,
  BrowserWindow,
  ipcMain,
  session,
  screen,
  Menu,
  shell,
  clipboard,
  dialog,
  contextBridge,
  ipcRenderer,
};

export type FakeIpcMainType = FakeIpcMain;
export type FakeSessionType = FakeSession;
