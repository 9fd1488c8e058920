/**
 * Where the app's files are. Path arithmetic on what Electron answers, handed in, so it can be
 * checked without Electron.
 */
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import type { Logger } from '../logger';

/**
 * A file packed in app.asar but unpacked beside it (electron-builder's asarUnpack). Worker threads
 * cannot load a script from inside the asar archive, so the workers are read from
 * app.asar.unpacked; outside a package the path is returned unchanged.
 */
export function unpackedPath(path: string): string {
  const packed = `${sep}app.asar${sep}`;
  return path.includes(packed) ? path.replace(packed, `${sep}app.asar.unpacked${sep}`) : path;
}

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
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    indexFile: join(mainDir, '..', 'renderer', 'index.html'),
    worker: unpackedPath(join(mainDir, '..', 'worker', 'engine-worker.js')),
    netstatWorker: unpackedPath(join(mainDir, '..', 'worker', 'netstat-worker.js')),
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
