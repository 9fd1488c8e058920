import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow, firstWindowSize, MIN_WINDOW } from '../../../src/main/electron/window';
import {
  CONTENT_SECURITY_POLICY,
  guardWebContents,
  hardenSession,
} from '../../../src/main/electron/security';
import { silentLogger } from '../../../src/main/logger';
import type {
  BrowserWindow as FakeWindow,
  FakeSessionType,
  FakeWebContents,
  screen as FakeScreen,
} from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));
const electron = await import('electron');
const FakeBrowserWindow = electron.BrowserWindow as unknown as typeof FakeWindow;
const fakeScreen = electron.screen as unknown as typeof FakeScreen;

describe('the main window', () => {
  beforeEach(() => {
    FakeBrowserWindow.created.length = 0;
  });

  it('runs its page isolated, sandboxed and without Node, and loads the built page, or the dev server', () => {
    createMainWindow(
      { preload: '/p/index.cjs', indexFile: '/r/index.html', devServerUrl: null },
      silentLogger,
    );
    createMainWindow(
      { preload: '/p/index.cjs', indexFile: '/r/index.html', devServerUrl: 'http://localhost:5173' },
      silentLogger,
    );
    const [prod, dev] = FakeBrowserWindow.created;
    expect(prod?.options.webPreferences).toEqual({
      preload: '/p/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(prod?.options.show).toBe(false);
    expect(prod?.loaded).toEqual({ file: '/r/index.html' });
    expect(dev?.loaded).toEqual({ url: 'http://localhost:5173' });
    expect(prod?.shown).toBe(false);
    prod?.emit('ready-to-show');
    expect(prod?.shown).toBe(true);
  });
});

describe("the window's size", () => {
  it('opens roomy on a large screen, and whole on a 1366 x 768 laptop at 125 %', () => {
    expect(firstWindowSize({ width: 1920, height: 1040 })).toEqual({ width: 1280, height: 860 });
    expect(firstWindowSize({ width: 1093, height: 614 })).toEqual({ width: 1093, height: 614 });
    expect(firstWindowSize({ width: 1366, height: 728 })).toEqual({ width: 1280, height: 728 });
  });

  it('never opens below the smallest size the layout takes, which is also its minimum', () => {
    expect(firstWindowSize({ width: 800, height: 560.5 })).toEqual(MIN_WINDOW);
    fakeScreen.workAreaSize = { width: 1093, height: 614 };
    createMainWindow(
      { preload: '/p/index.cjs', indexFile: '/r/index.html', devServerUrl: null },
      silentLogger,
    );
    expect(FakeBrowserWindow.created.at(-1)?.options).toMatchObject({
      width: 1093,
      height: 614,
      minWidth: 900,
      minHeight: 600,
    });
  });
});

describe('guardWebContents', () => {
  it('denies navigation, redirects, webviews and new windows', () => {
    const window = new FakeBrowserWindow({});
    const contents = window.webContents as FakeWebContents;
    const warnings: string[] = [];
    guardWebContents(contents as unknown as Electron.WebContents, {
      ...silentLogger,
      warn: (m) => warnings.push(m),
    });
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(warnings).toHaveLength(4);
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check, and adds the CSP header', () => {
    const session = electron.session.defaultSession as unknown as FakeSessionType;
    hardenSession(session as unknown as Electron.Session, silentLogger);
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'openExternal', 'geolocation']) {
      session.permissionRequestHandler?.(null, permission, (granted: boolean) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(session.permissionCheckHandler?.(null, 'media')).toBe(false);

    let headers: Record<string, string[]> = {};
    session.headersListener?.(
      { responseHeaders: { 'Content-Type': ['text/html'] } },
      (response: { responseHeaders: Record<string, string[]> }) => (headers = response.responseHeaders),
    );
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it("matches the page's own meta Content-Security-Policy", async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile('src/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });
});
