// Shared by the tests that npm run test:windows runs under Windows Node in Wine. They are plain
// JavaScript run by Node's own test runner: vitest does not start under Wine, and vitest collects
// test/**/*.test.ts, which these must never be (they only pass on win32).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The command line as built by scripts/build-node.mjs: what users run. */
export const CLI = path.join(ROOT, 'out', 'cli', 'index.js');

/** Wine shows the Linux root as drive Z:, so the kernel's own files are readable from here. */
const LINUX_ROOT = 'Z:\\';

/** Every test file starts here: a pass on Linux Node would prove nothing about the win32 paths. */
export function assertWindowsNode() {
  assert.equal(process.platform, 'win32', 'these tests run under Windows Node: npm run test:windows');
}

/**
 * Runs the built command line with this Windows Node, as a user would: a process of its own,
 * its output through (Windows) pipes. Answers the exit code and the output.
 */
export function cli(args, { cwd, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`socketclosetest ${args.join(' ')} did not end within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh folder under the Windows temp folder (C:\users\...\Temp inside the Wine prefix). */
export function tempFolder(name) {
  return mkdtempSync(path.join(os.tmpdir(), `sct-${name}-`));
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A file of the Linux machine under Wine, e.g. linuxFile('/proc/net/tcp'). */
export function linuxFile(file) {
  return readFileSync(LINUX_ROOT + file.replace(/^\//, '').replaceAll('/', '\\'), 'utf8');
}

/**
 * The kernel's own count of the port's half-connections, from /proc/net/tcp of this network
 * namespace (IPv4, as `netstat -p TCP`), parsed here independently of the code under test.
 * Rows: `sl local rem st ...`, addresses `0100007F:9C40` with the port in hex, state 0A = LISTEN,
 * 06 = TIME_WAIT, 01 = ESTABLISHED.
 */
export function kernelCounts(port) {
  const counts = { server: 0, client: 0, serverTimeWait: 0, clientTimeWait: 0, established: 0 };
  for (const line of linuxFile('/proc/net/tcp').split('\n').slice(1)) {
    const [, local, remote, state] = line.trim().split(/\s+/);
    if (!remote) continue;
    const localPort = parseInt(local.split(':')[1], 16);
    const remotePort = parseInt(remote.split(':')[1], 16);
    if (localPort === port && state !== '0A') {
      counts.server++;
      if (state === '06') counts.serverTimeWait++;
    }
    if (remotePort === port) {
      counts.client++;
      if (state === '06') counts.clientTimeWait++;
    }
  }
  return counts;
}

/** Within 5% of the kernel's count (at least one connection apart, for small counts). */
export function assertNear(actual, expected, what) {
  const slack = Math.max(1, Math.ceil(expected * 0.05));
  assert.ok(
    Math.abs(actual - expected) <= slack,
    `${what}: netstat counted ${actual}, the kernel lists ${expected} (more than 5% apart)`,
  );
}

/** The Winsock names and numbers a client that ran out of local ports can show on Windows. */
export const EXHAUSTION = {
  EADDRINUSE: { name: 'WSAEADDRINUSE', number: 10048, errno: -4091 },
  ENOBUFS: { name: 'WSAENOBUFS', number: 10055, errno: -4060 },
  EADDRNOTAVAIL: { name: 'WSAEADDRNOTAVAIL', number: 10049, errno: -4090 },
};

/** The ephemeral range scripts/test-windows.mjs gives a *.narrow.test.mjs file's namespace. */
export const NARROW_RANGE = '50000 50015';

/** A narrow file starts here: without its namespace, what it checks would mean nothing. */
export function assertNarrowNamespace() {
  assertWindowsNode();
  const range = linuxFile('/proc/sys/net/ipv4/ip_local_port_range').trim().split(/\s+/).join(' ');
  const reuse = linuxFile('/proc/sys/net/ipv4/tcp_tw_reuse').trim();
  assert.deepEqual(
    { range, reuse },
    { range: NARROW_RANGE, reuse: '0' },
    'a *.narrow.test.mjs file runs in a network namespace with 16 ephemeral ports and no TIME_WAIT reuse',
  );
}
