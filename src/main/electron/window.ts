/**
 * The one window. Its page runs sandboxed with context isolation and no Node, and reaches the main
 * process only through the preload's named methods.
 */
import { BrowserWindow } from 'electron';
import type { Logger } from '../logger';

export interface WindowSource {
  preload: string;
  /** The built index.html, loaded unless a dev server URL is given. */
  indexFile: string;
  devServerUrl: string | null;
}

export function createMainWindow(source: WindowSource, log: Logger): BrowserWindow {
  // The options stay literal here (not built elsewhere) so static security scanners can read them.
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'SocketCloseTest',
    webPreferences: {
      preload: source.preload,
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
      // Middle-click would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error(`The window's page stopped (${details.reason}).`);
  });
  const loading = source.devServerUrl
    ? window.loadURL(source.devServerUrl)
    : window.loadFile(source.indexFile);
  loading.catch((error: unknown) => log.error('The window could not load its page.', error));
  return window;
}
