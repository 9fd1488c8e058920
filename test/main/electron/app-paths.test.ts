import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths, documentsFolder, unpackedPath } from '../../../src/main/electron/app-paths';

describe('app paths', () => {
  it('reads the worker from app.asar.unpacked in a packaged app', () => {
    const packed = join(sep, 'Program Files', 'SocketCloseTest', 'resources', 'app.asar', 'out', 'main');
    const paths = appPaths(packed, join(sep, 'data'));
    const unpacked = join(
      sep,
      'Program Files',
      'SocketCloseTest',
      'resources',
      'app.asar.unpacked',
      'out',
      'worker',
    );
    expect(paths.netstatWorker).toBe(join(unpacked, 'netstat-worker.js'));
    expect(paths.worker).toBe(join(unpacked, 'engine-worker.js'));
    // The page and preload are read through Electron's asar support, so they stay inside.
    expect(paths.preload).toBe(join(packed, '..', 'preload', 'index.cjs'));
    expect(paths.indexFile).toBe(join(packed, '..', 'renderer', 'index.html'));
    expect(paths.dataDir).toBe(join(sep, 'data', 'results'));
  });

  it('leaves unpackaged paths alone', () => {
    const dev = join(sep, 'work', 'app', 'out', 'main');
    expect(appPaths(dev, sep).worker).toBe(join(sep, 'work', 'app', 'out', 'worker', 'engine-worker.js'));
    expect(unpackedPath(join(sep, 'x', 'app.asar.unpacked', 'y'))).toBe(
      join(sep, 'x', 'app.asar.unpacked', 'y'),
    );
    expect(unpackedPath(join(sep, 'x', 'my-app.asarx', 'y'))).toBe(join(sep, 'x', 'my-app.asarx', 'y'));
  });

  it('starts dialogs in Documents, or in the home folder when Documents cannot be named', () => {
    const warnings: string[] = [];
    const log = { info: () => {}, warn: (m: string) => void warnings.push(m), error: () => {} };
    const folders: Record<string, string> = { documents: '/home/ana/Documents', home: '/home/ana' };
    expect(documentsFolder((name) => folders[name]!, log)).toBe('/home/ana/Documents');
    expect(warnings).toEqual([]);
    const noDocuments = (name: string): string => {
      if (name === 'documents') throw new Error("Failed to get 'documents' path");
      return folders[name]!;
    };
    expect(documentsFolder(noDocuments, log)).toBe('/home/ana');
    expect(warnings).toEqual([
      "The Documents folder is not known (Failed to get 'documents' path): dialogs start in the home folder.",
    ]);
    const nothing = (): string => {
      throw new Error('not known');
    };
    expect(documentsFolder(nothing, log)).toBe(homedir());
  });
});
