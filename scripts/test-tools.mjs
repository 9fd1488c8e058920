// What npm test needs besides node_modules: a Chromium-family browser for the end-to-end run and,
// on Linux, iproute2's ss and ip for the connection-table evidence and the network namespaces.
// Found where they usually are; as root with apt-get, Debian's packages are installed (saying so);
// otherwise one sentence names what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Chromium, Chrome and Edge usually are, in the order they are tried. */
export function browserCandidates(platform = process.platform, env = process.env) {
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(Boolean);
    return [
      ...roots.map((r) => join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      ...roots.map((r) => join(r, 'Chromium', 'Application', 'chrome.exe')),
      ...roots.map((r) => join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
    ];
  }
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ];
}

/**
 * The browser to test with: SCT_CHROMIUM when set (it must exist: a wrong path is an error, not a
 * hint to look elsewhere), else the first usual place that exists.
 * @returns {{ path: string } | { error: string } | null} null when nothing was found
 */
export function findBrowser(platform = process.platform, env = process.env, exists = existsSync) {
  const chosen = env.SCT_CHROMIUM;
  if (chosen) {
    return exists(chosen)
      ? { path: chosen }
      : { error: `SCT_CHROMIUM names ${chosen}, which does not exist.` };
  }
  const found = browserCandidates(platform, env).find((p) => exists(p));
  return found ? { path: found } : null;
}

/** Whether `command` is on the PATH. */
export function onPath(command, env = process.env) {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

/** Debian packages missing for the Linux-only tools the tests use: iproute2 for ss and ip. */
export function missingLinuxPackages(platform = process.platform, has = onPath) {
  if (platform !== 'linux') return [];
  return has('ss') && has('ip') ? [] : ['iproute2'];
}

const canApt = () => process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get');

function aptInstall(packages, out) {
  out.log(
    `Installing Debian's ${packages.join(' and ')} for the tests (apt-get install -y ${packages.join(' ')}).`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env };
  if (spawnSync('apt-get', ['update', '-qq'], quiet).status !== 0) return false;
  return spawnSync('apt-get', ['install', '-y', '-qq', ...packages], quiet).status === 0;
}

/**
 * Makes sure the tests' tools are here; returns the browser's path, or null after printing one
 * sentence that says what to install. The finders and the installer can be handed in (tests).
 */
export function ensureTestTools(
  out = console,
  {
    find = () => findBrowser(),
    missing = () => missingLinuxPackages(),
    canInstall = canApt,
    install = aptInstall,
  } = {},
) {
  let browser = find();
  if (browser && 'error' in browser) {
    out.error(`${browser.error} Point it at a Chromium, Chrome or Edge executable, or unset it.`);
    return null;
  }
  const packages = [...missing(), ...(browser ? [] : ['chromium'])];
  if (packages.length && canInstall()) {
    if (!install(packages, out)) {
      out.error(
        `apt-get could not install ${packages.join(' ')}: install it by hand, then run npm test again.`,
      );
      return null;
    }
    browser = find();
  }
  if (missing().length) {
    out.error(
      'The tests need ss and ip from iproute2: install it (sudo apt-get install iproute2), then run npm test again.',
    );
    return null;
  }
  if (!browser || 'error' in browser) {
    out.error(
      'The browser tests need Chromium, Google Chrome or Microsoft Edge, and none was found: install one ' +
        '(Debian or Ubuntu: sudo apt-get install chromium), or set SCT_CHROMIUM to its executable.',
    );
    return null;
  }
  return browser.path;
}
