/**
 * The one window. Its page runs sandboxed with context isolation and no Node, and reaches the main
 * process only through the preload's named methods.
 */
import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../logger';

/** The smallest the window lays out without clipping or scrolling sideways. */
export const MIN_WINDOW = { width: 900, height: 600 } as const;
/** Room for the results table and the chart side by side, where the screen has it. */
const ROOMY_WINDOW = { width: 1280, height: 860 } as const;

/**
 * The window's first size: roomy on a large screen, and never larger than the screen's work area,
 * so on a 1366 x 768 laptop at 125 % (about 1093 x 614 to work with) it opens whole, not under the
 * taskbar. Below the minimum it is the minimum: the layout needs that much.
 */
export function firstWindowSize(workArea: { width: number; height: number }): {
  width: number;
  height: number;
} {
  const fit = (roomy: number, available: number, min: number) =>
    Math.max(min, Math.min(roomy, Math.floor(available)));
  return {
    width: fit(ROOMY_WINDOW.width, workArea.width, MIN_WINDOW.width),
    height: fit(ROOMY_WINDOW.height, workArea.height, MIN_WINDOW.height),
  };
}

export interface WindowSource {
  preload: string;
  /** The built index.html, loaded unless a dev server URL is given. */
  indexFile: string;
  devServerUrl: string | null;
}

export function createMainWindow(source: WindowSource, log: Logger): BrowserWindow {
  // The options stay literal here (not built elsewhere) so static security scanners can read them.
  const size = firstWindowSize(screen.getPrimaryDisplay().workAreaSize);
  const window = new BrowserWindow({
    width: size.width,
    height: size.height,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
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
