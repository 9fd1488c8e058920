/**
 * The Electron main process: one window, one controller, one set of IPC handlers. It only adapts:
 * the test itself lives in the plain-Node controller and engine, and the page reaches them through
 * the preload's named methods, each checked here for its sender.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, type WebContents } from 'electron';
import { appPaths } from './app-paths';
import { runLogFile, SessionController } from './controller/session-controller';
import { electronDesktop } from './desktop';
import { readMachineFacts } from './engine/machine-facts';
import { registerIpc } from './ipc/register-ipc';
import { windowEvents } from './ipc/window-events';
import { setupLogging } from './logging';
import { menuTemplate } from './menu';
import { installQuitGuard } from './quit-guard';
import { HistoryStore } from './results/history';
import { RunLog } from './results/run-log';
import { guardWebContents, hardenSession } from './security';
import { ApiService } from './service/api-service';
import { createMainWindow } from './window';

// Two copies would fight over the test port: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const { logger, folder: logFolder } = setupLogging();
  const paths = appPaths(import.meta.dirname, app.getPath('userData'));
  const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
  let window: BrowserWindow | null = null;

  const history = new HistoryStore(join(paths.dataDir, 'history'));
  const controller = new SessionController({
    dataDir: paths.dataDir,
    workerPath: paths.worker,
    netstatWorkerPath: paths.netstatWorker,
    logger,
    system: () =>
      readMachineFacts({ appVersion: app.getVersion(), electronVersion: process.versions.electron }),
    app: { name: 'SocketCloseTest', version: app.getVersion() },
    history,
    openRunLog: (path) => new RunLog(path),
  });
  const events = windowEvents(() => window?.webContents ?? null);
  controller.on('snapshot', events.snapshot);
  controller.on('run-ended', events.runEnded);
  installQuitGuard(app, controller, logger);

  // Every web contents, whoever creates it, gets the same fence before it loads anything.
  app.on('web-contents-created', (_event, contents: WebContents) => guardWebContents(contents, logger));

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // A test tool with one window: closing it ends the app (on macOS too), stopping any run first.
  app.on('window-all-closed', () => app.quit());

  const openWindow = (): void => {
    window = createMainWindow({ preload: paths.preload, indexFile: paths.indexFile, devServerUrl }, logger);
    window.on('closed', () => {
      window = null;
    });
  };

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  void app.whenReady().then(() => {
    logger.info(`SocketCloseTest ${app.getVersion()} starting (Electron ${process.versions.electron}).`);
    hardenSession(session.defaultSession, logger);
    const service = new ApiService({
      controller,
      history,
      desktop: electronDesktop(() => window, app.getPath('documents')),
      logFolder,
      logFiles: [join(logFolder, 'main.log'), join(logFolder, 'main.old.log')],
      runLogOf: (id) => runLogFile(paths.dataDir, id),
      logger,
    });
    registerIpc(ipcMain, service, { indexFile: devServerUrl ? null : paths.indexFile, devServerUrl }, logger);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            openLogFolder: () =>
              void service.openLogFolder([]).then((reply) => {
                // From the menu there is no page to show the answer: say it in a box.
                if (!reply.ok) dialog.showErrorBox('Open log folder', reply.error);
              }),
          },
          process.platform,
          !app.isPackaged,
        ),
      ),
    );
    openWindow();
  });
}
