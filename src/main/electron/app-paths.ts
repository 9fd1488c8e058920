/**
 * Where the app's files are. Path arithmetic on what Electron answers, handed in, so it can be
 * checked without Electron.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../logger';
import { workerPaths } from '../engine/worker-paths';

export { unpackedPath } from '../engine/worker-paths';

export interface AppPaths {
  /** The sandboxed window's preload (CommonJS). */
  preload: string;
  /** The built page. */
  indexFile: string;
  /** The engine's worker thread script. */
  worker: string;
  /** The netstat poller's worker thread script. */
  netstatWorker: string;
  /** Saved results (history) and the runs' error logs. */
  dataDir: string;
}

/**
 * @param mainDir the folder of the built main bundle (out/main)
 * @param userData Electron's per-user data folder
 */
export function appPaths(mainDir: string, userData: string): AppPaths {
  const workers = workerPaths(mainDir);
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    indexFile: join(mainDir, '..', 'renderer', 'index.html'),
    worker: workers.engine,
    netstatWorker: workers.netstat,
    dataDir: join(userData, 'results'),
  };
}

/**
 * Where save and open dialogs start. Some Windows 10 and 11 machines cannot name their Documents
 * folder (a redirected or removed known folder) and Electron throws; the dialogs then start in the
 * home folder rather than the app failing to start.
 */
export function documentsFolder(getPath: (name: 'documents' | 'home') => string, log: Logger): string {
  try {
    return getPath('documents');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.warn(`The Documents folder is not known (${reason}): dialogs start in the home folder.`);
    try {
      return getPath('home');
    } catch {
      return homedir();
    }
  }
}
