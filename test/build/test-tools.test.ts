/**
 * npm test on a fresh machine: it finds a browser where one usually is, installs Debian's packages
 * as root, and otherwise stops with one sentence that names what to install.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  browserCandidates,
  ensureTestTools,
  findBrowser,
  missingLinuxPackages,
} from '../../scripts/test-tools.mjs';
import { projectDir } from './builder';

/** A console that keeps what it was told. */
function recorder() {
  const lines: string[] = [];
  return { lines, out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) } };
}

describe('finding a browser', () => {
  it('looks for Chrome, Chromium and Edge where each platform keeps them', () => {
    const win = browserCandidates('win32', {
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local',
    });
    expect(win).toContain(join('C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe'));
    expect(win).toContain(
      join('C:\\Users\\ann\\AppData\\Local', 'Google', 'Chrome', 'Application', 'chrome.exe'),
    );
    expect(win).toContain(join('C:\\Program Files (x86)', 'Microsoft', 'Edge', 'Application', 'msedge.exe'));
    expect(browserCandidates('darwin', {})[0]).toBe(
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    );
    expect(browserCandidates('linux', {})[0]).toBe('/usr/bin/chromium');
    expect(browserCandidates('linux', {})).toContain('/usr/bin/google-chrome');
  });

  it('takes SCT_CHROMIUM as given, and a wrong one is an error rather than a hint', () => {
    const has = new Set(['/opt/my/chrome', '/usr/bin/chromium']);
    const exists = (p: string) => has.has(p);
    expect(findBrowser('linux', { SCT_CHROMIUM: '/opt/my/chrome' }, exists)).toEqual({
      path: '/opt/my/chrome',
    });
    expect(findBrowser('linux', { SCT_CHROMIUM: '/opt/none' }, exists)).toEqual({
      error: 'SCT_CHROMIUM names /opt/none, which does not exist.',
    });
  });

  it('otherwise takes the first usual place that exists, or nothing', () => {
    const exists = (p: string) => p === '/usr/bin/google-chrome' || p === '/snap/bin/chromium';
    expect(findBrowser('linux', {}, exists)).toEqual({ path: '/usr/bin/google-chrome' });
    expect(findBrowser('linux', {}, () => false)).toBeNull();
  });

  it('asks for iproute2 on Linux only when ss or ip is missing', () => {
    expect(missingLinuxPackages('linux', () => true)).toEqual([]);
    expect(missingLinuxPackages('linux', (c) => c !== 'ss')).toEqual(['iproute2']);
    expect(missingLinuxPackages('win32', () => false)).toEqual([]);
    expect(missingLinuxPackages('darwin', () => false)).toEqual([]);
  });
});

describe('making sure the tools are there', () => {
  it('installs what is missing when it can, saying what, then uses the browser it installed', () => {
    const { out } = recorder();
    let installed = false;
    const asked: string[][] = [];
    const path = ensureTestTools(out, {
      find: () => (installed ? { path: '/usr/bin/chromium' } : null),
      missing: () => (installed ? [] : ['iproute2']),
      canInstall: () => true,
      install: (packages) => {
        asked.push(packages);
        installed = true;
        return true;
      },
    });
    expect(asked).toEqual([['iproute2', 'chromium']]);
    expect(path).toBe('/usr/bin/chromium');
  });

  it('installs nothing when everything is there', () => {
    const { out, lines } = recorder();
    const path = ensureTestTools(out, {
      find: () => ({ path: '/usr/bin/chromium' }),
      missing: () => [],
      canInstall: () => true,
      install: () => {
        throw new Error('nothing should be installed');
      },
    });
    expect(path).toBe('/usr/bin/chromium');
    expect(lines).toEqual([]);
  });

  it('names what to install in one sentence when it cannot install', () => {
    const { out, lines } = recorder();
    const path = ensureTestTools(out, {
      find: () => null,
      missing: () => [],
      canInstall: () => false,
      install: () => true,
    });
    expect(path).toBeNull();
    expect(lines).toEqual([
      'The browser tests need Chromium, Google Chrome or Microsoft Edge, and none was found: install one ' +
        '(Debian or Ubuntu: sudo apt-get install chromium), or set SCT_CHROMIUM to its executable.',
    ]);
  });

  it('says so when apt-get fails', () => {
    const { out, lines } = recorder();
    const path = ensureTestTools(out, {
      find: () => null,
      missing: () => [],
      canInstall: () => true,
      install: () => false,
    });
    expect(path).toBeNull();
    expect(lines).toEqual([
      'apt-get could not install chromium: install it by hand, then run npm test again.',
    ]);
  });

  it('stops npm test before any stage when SCT_CHROMIUM names nothing, in one sentence', () => {
    const run = spawnSync(process.execPath, [join(projectDir, 'scripts', 'test-all.mjs'), 'e2e'], {
      cwd: projectDir,
      encoding: 'utf8',
      // As a fresh npm test: not yet inside the namespace that a running npm test may have made.
      env: { ...process.env, SCT_TEST_IN_NETNS: '', SCT_CHROMIUM: join(projectDir, 'no-such-browser') },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('=== e2e ===');
    expect(run.stderr.trim()).toBe(
      `SCT_CHROMIUM names ${join(projectDir, 'no-such-browser')}, which does not exist. ` +
        'Point it at a Chromium, Chrome or Edge executable, or unset it.',
    );
  });
});
