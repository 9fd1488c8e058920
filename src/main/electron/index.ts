/**
 * The Electron main process: one window, one controller, one set of IPC handlers. It only adapts:
 * the test itself lives in the plain-Node controller and engine, and the page reaches them through
 * the preload's named methods, each checked here for its sender.
 *
 * This folder is the only part of src/main that imports electron or electron-log (eslint.config.js
 * fences the rest), so the layers beside it stay runnable from the command line and from tests.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, type WebContents } from 'electron';
import { appPaths, documentsFolder } from './app-paths';
import { installCloseGuard } from './close-guard';
import { recoverRecords } from '../controller/recovery';
import { runLogFile, SessionController } from '../controller/session-controller';
import { electronDesktop } from './electron-desktop';
import { readMachineFacts } from '../engine/machine-facts';
import { registerIpc } from './ipc/register-ipc';
import { windowEvents } from './ipc/window-events';
import { setupLogging, type AppLogging } from './logging';
import { menuTemplate } from './menu';
import { installQuitGuard } from './quit-guard';
import { HistoryStore } from '../results/history';
import { RunLog } from '../results/run-log';
import { guardWebContents, hardenSession } from './security';
import { ApiService } from '../service/api-service';
import { WatchService } from '../service/watch-service';
import { workerPaths } from '../engine/worker-paths';
import { Watcher } from '../watch/watcher';
import { startupFailureHandler } from './startup-failure';
import { createMainWindow } from './window';

// Two copies would fight over the test port: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let logging: AppLogging | null = null;
  const fail = startupFailureHandler({
    app,
    dialog,
    logging: () => (logging ? { logger: logging.logger, file: join(logging.folder, 'main.log') } : null),
  });
  try {
    logging = setupLogging();
    start(logging, fail);
  } catch (error) {
    fail(error);
  }
}

/** Everything up to the window; `fail` takes any error, now or once Electron is ready. */
function start({ logger, folder: logFolder }: AppLogging, fail: (error: unknown) => void): void {
  const paths = appPaths(import.meta.dirname, app.getPath('userData'));
  const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
  let window: BrowserWindow | null = null;

  const history = new HistoryStore(join(paths.dataDir, 'history'));
  // Before the window opens (so before it lists the history, and before any session): what a
  // killed or failed session left behind goes into the history, which is kept within bounds.
  const recovered = recoverRecords({
    dataDir: paths.dataDir,
    history,
    logger,
    app: { name: 'SocketCloseTest', version: app.getVersion() },
  });
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
  // "This computer": polls on their own worker thread; its CSV series live beside the results.
  const watchWorker = workerPaths(import.meta.dirname).watch;
  const watch = new WatchService({
    createWatcher: (intervalMs) => new Watcher({ intervalMs, workerPath: watchWorker }),
    folder: join(paths.dataDir, 'watch'),
    logger,
  });
  watch.on('snapshot', events.watchSnapshot);
  // No worker thread is left polling as the app quits (the quit guard waits only for a run); a
  // cap keeps a stuck watcher from holding the app open.
  let watchClosed = false;
  app.on('will-quit', (event) => {
    if (watchClosed || !watch.watching) return;
    event.preventDefault();
    watchClosed = true;
    const cap = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    void Promise.race([watch.close(), cap])
      .catch((error: unknown) => logger.error('The watch did not stop cleanly before quitting.', error))
      .finally(() => app.quit());
  });

  // Every web contents, whoever creates it, gets the same fence before it loads anything.
  app.on('web-contents-created', (_event, contents: WebContents) => guardWebContents(contents, logger));

  // Set once the ready handler has opened the first window; before that it opens one itself.
  let ready = false;
  app.on('second-instance', () => {
    if (!ready) return;
    // No window (closed while a run was still stopping, say): a second launch brings one back.
    if (!window) {
      openWindow();
      return;
    }
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // A test tool with one window: closing it ends the app (on macOS too), stopping any run first.
  app.on('window-all-closed', () => app.quit());

  const openWindow = (): void => {
    window = createMainWindow({ preload: paths.preload, indexFile: paths.indexFile, devServerUrl }, logger);
    installCloseGuard(window, controller, dialog, logger);
    window.on('closed', () => {
      window = null;
    });
  };

  app.on('activate', () => {
    if (ready && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  const onReady = (): void => {
    logger.info(`SocketCloseTest ${app.getVersion()} starting (Electron ${process.versions.electron}).`);
    hardenSession(session.defaultSession, logger);
    const documents = documentsFolder((name) => app.getPath(name), logger);
    const service = new ApiService({
      controller,
      history,
      desktop: electronDesktop(() => window, documents),
      logFolder,
      logFiles: [join(logFolder, 'main.log'), join(logFolder, 'main.old.log')],
      runLogOf: (id) => runLogFile(paths.dataDir, id),
      logger,
      watch,
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
    ready = true;
  };
  Promise.all([app.whenReady(), recovered]).then(onReady).catch(fail);
}
