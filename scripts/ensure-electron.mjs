// npm start and npm run dev: make sure Electron's own binary is on disk before electron-vite
// looks for it. Electron 45 has no install step: `npm ci` leaves node_modules/electron without the
// binary, and electron-vite only reads node_modules/electron/path.txt, failing with a bare
// "Electron uninstall" when it is missing. Electron's `install-electron` (install.js) fetches it,
// and returns at once when it is already there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The electron package in the project at `projectDir`: where it is, its version, and whether its
 * binary is already unpacked (path.txt names a file that exists under dist/).
 */
export function electronPackage(projectDir) {
  let manifest;
  try {
    manifest = createRequire(join(projectDir, 'package.json')).resolve('electron/package.json');
  } catch {
    return null;
  }
  const dir = dirname(manifest);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  const pathFile = join(dir, 'path.txt');
  const installed = existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8')));
  return { dir, version, installed };
}

/** The first line of what a failed download printed that says something (not a stack frame). */
export function downloadReason(stderr) {
  const line = String(stderr)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at '));
  // "TypeError: fetch failed", "HTTPError: Response code 404 (Not Found) for https://..."
  return (line ?? 'no reason given').replace(/^[A-Za-z]*Error:\s*/, '');
}

/** Fetches the binary when missing; returns the exit code and prints one sentence on failure. */
export function ensureElectron(projectDir, out = console) {
  const electron = electronPackage(projectDir);
  if (!electron) {
    out.error('Electron is not installed in this folder: run "npm ci" first, then "npm start" again.');
    return 1;
  }
  if (electron.installed) return 0;
  out.log(`Downloading Electron ${electron.version} (about 100 MB, first start only)...`);
  const run = spawnSync(process.execPath, [join(electron.dir, 'install.js')], {
    cwd: projectDir,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (run.status === 0 && electronPackage(projectDir)?.installed) return 0;
  out.error(
    `Could not download Electron ${electron.version}, which runs the app (${downloadReason(run.stderr ?? run.error?.message)}): ` +
      'check the internet connection (behind a proxy, set HTTPS_PROXY and ELECTRON_GET_USE_PROXY=1; ' +
      'for a mirror, ELECTRON_MIRROR), then run "npm start" again.',
  );
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = ensureElectron(process.cwd());
}
