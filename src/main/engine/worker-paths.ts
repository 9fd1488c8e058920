/**
 * Where the built worker scripts are, for the app, the command line and a run alike: out/worker,
 * beside the bundle that asks (out/main or out/cli).
 */
import { join, sep } from 'node:path';

/**
 * A file packed in app.asar but unpacked beside it (electron-builder's asarUnpack). Worker threads
 * cannot load a script from inside the asar archive, so the workers are read from
 * app.asar.unpacked; outside a package the path is returned unchanged.
 */
export function unpackedPath(path: string): string {
  const packed = `${sep}app.asar${sep}`;
  return path.includes(packed) ? path.replace(packed, `${sep}app.asar.unpacked${sep}`) : path;
}

export interface WorkerPaths {
  /** The engine's two sides (out/worker/engine-worker.js). */
  engine: string;
  /** The netstat poller's thread (out/worker/netstat-worker.js). */
  netstat: string;
  /** The watch's poll thread: the machine's whole connection table, counted (out/worker/watch-worker.js). */
  watch: string;
}

/** @param bundleDir the folder of the running bundle: out/main, out/cli, or either inside app.asar. */
export function workerPaths(bundleDir: string): WorkerPaths {
  const folder = join(bundleDir, '..', 'worker');
  return {
    engine: unpackedPath(join(folder, 'engine-worker.js')),
    netstat: unpackedPath(join(folder, 'netstat-worker.js')),
    watch: unpackedPath(join(folder, 'watch-worker.js')),
  };
}
