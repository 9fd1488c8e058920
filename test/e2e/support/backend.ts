/**
 * The main process's side of the window, minus Electron: the real session controller and engine,
 * the real request service and history, a run log on disk, and a desktop double whose save dialog
 * answers a path in the test's folder.
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SessionController } from '../../../src/main/controller/session-controller';
import { readMachineFacts } from '../../../src/main/engine/machine-facts';
import { HistoryStore } from '../../../src/main/results/history';
import { ApiService } from '../../../src/main/service/api-service';
import { WatchService } from '../../../src/main/service/watch-service';
import { Watcher } from '../../../src/main/watch/watcher';
import type { DesktopPort } from '../../../src/main/service/desktop-port';
import type { Backend } from './bridge';

export class DesktopDouble implements DesktopPort {
  saved: string[] = [];
  /** What the open dialog answers next. */
  openPaths: string[] = [];
  clipboard = '';
  constructor(private readonly folder: string) {}
  chooseSavePath(options: { defaultName: string }): Promise<string | null> {
    const path = join(this.folder, options.defaultName);
    this.saved.push(path);
    return Promise.resolve(path);
  }
  chooseOpenPaths(): Promise<string[]> {
    return Promise.resolve(this.openPaths);
  }
  writeClipboard(text: string): void {
    this.clipboard = text;
  }
  openFolder(): Promise<string | null> {
    return Promise.resolve(null);
  }
}

export interface RealBackend extends Backend {
  controller: SessionController;
  desktop: DesktopDouble;
  dataDir: string;
  /** The "This computer" watch, when asked for (options.watch). */
  watch: WatchService | null;
  /** Lines the controller and service logged, to show when a test fails. */
  log: string[];
}

export interface BackendOptions {
  /**
   * TIME_WAIT's length as the controller should assume it: it bounds the countdown between the
   * modes of a Run all (Linux fixes it at 60 s; a short one keeps a test's Run all short).
   */
  timeWaitSeconds?: number;
  drainGraceSeconds?: number;
  /** The data folder of an earlier backend, to open the app again on what it saved. */
  dataDir?: string;
  /** Said in the machine facts when the run's network settings imitate another system's. */
  emulation?: string;
  /** A real watch (its poll thread from out/worker) behind the "This computer" view. */
  watch?: boolean;
}

export function realBackend(options: BackendOptions = {}): RealBackend {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sct-e2e-'));
  const log: string[] = [];
  const logger = {
    info: (m: string) => log.push(`info ${m}`),
    warn: (m: string) => log.push(`warn ${m}`),
    error: (m: string, e?: unknown) => log.push(`error ${m} ${e instanceof Error ? e.stack : ''}`),
  };
  const history = new HistoryStore(join(dataDir, 'history'));
  const controller = new SessionController({
    dataDir,
    workerPath: resolve('out/worker/engine-worker.js'),
    system: async () => ({
      ...(await readMachineFacts({ appVersion: '0.0.0-e2e' })),
      // Emulated, the ports are held as long as TIME_WAIT is assumed to last, and the window says so.
      ...(options.emulation
        ? {
            emulation: options.emulation,
            ...(options.timeWaitSeconds !== undefined
              ? { timeWaitDelay: { value: `${options.timeWaitSeconds} s`, source: options.emulation } }
              : {}),
          }
        : {}),
    }),
    app: { name: 'SocketCloseTest', version: '0.0.0-e2e' },
    history,
    openRunLog: (path) => ({
      appendError: (e) => appendFileSync(path, `${JSON.stringify({ type: 'error', error: e })}\n`),
      appendRun: (r) => appendFileSync(path, `${JSON.stringify({ type: 'run', run: r })}\n`),
      close: () => {},
    }),
    logger,
    ...(options.timeWaitSeconds !== undefined ? { timeWaitSeconds: options.timeWaitSeconds } : {}),
    ...(options.drainGraceSeconds !== undefined ? { drainGraceSeconds: options.drainGraceSeconds } : {}),
  });
  const desktop = new DesktopDouble(dataDir);
  const watch = options.watch
    ? new WatchService({
        createWatcher: (intervalMs) =>
          new Watcher({ intervalMs, workerPath: resolve('out/worker/watch-worker.js') }),
        folder: join(dataDir, 'watch'),
        logger,
      })
    : null;
  const service = new ApiService({
    controller,
    history,
    desktop,
    logFolder: join(dataDir, 'logs'),
    logger,
    ...(watch ? { watch } : {}),
  });
  return {
    controller,
    desktop,
    dataDir,
    watch,
    log,
    requests: service,
    onSnapshot(listener) {
      controller.on('snapshot', listener);
      return () => void controller.off('snapshot', listener);
    },
    onRunEnded(listener) {
      controller.on('run-ended', listener);
      return () => void controller.off('run-ended', listener);
    },
    onWatchSnapshot(listener) {
      watch?.on('snapshot', listener);
      return () => void watch?.off('snapshot', listener);
    },
  };
}
