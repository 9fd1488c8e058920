// npm test: every check in turn (types, lint, build, unit and integration tests, the browser
// end-to-end run, the security scan), then one closing line counting the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTestTools } from './test-tools.mjs';

const only = process.argv.slice(2);
const wanted = (name) => !only.length || only.includes(name);

// The tests make hundreds of thousands of loopback connections, and the machine's connection
// table is shared and bounded: what other programs (or an earlier test run) left in TIME_WAIT
// changes what the kernel shows. As root on Linux the whole run moves into a network namespace
// of its own, with an empty table and only loopback. SCT_TEST_NETNS=0 keeps it in this one.
const NETNS_MARK = 'SCT_TEST_IN_NETNS';
// Before the namespace, which has no network for apt-get: the browser and Linux's ss and ip.
if (!process.env[NETNS_MARK] && (wanted('tests') || wanted('e2e'))) {
  const browser = ensureTestTools();
  if (!browser) process.exit(1);
  process.env.SCT_CHROMIUM = browser;
}
if (
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  process.env.SCT_TEST_NETNS !== '0' &&
  !process.env[NETNS_MARK] &&
  spawnSync('unshare', ['--version']).status === 0 &&
  spawnSync('ip', ['-V']).status === 0
) {
  console.log('Tests run in a network namespace of their own (SCT_TEST_NETNS=0 runs them in this one).');
  const inside = spawnSync(
    'unshare',
    ['--net', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, [NETNS_MARK]: '1' } },
  );
  process.exit(inside.status ?? 1);
}

const reports = 'test-results/reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const vitestReport = (name) => [
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(reports, name)}`,
];
const stages = [
  { name: 'typecheck', cmd: 'npm', args: ['run', '-s', 'typecheck'] },
  { name: 'lint', cmd: 'npm', args: ['run', '-s', 'lint'] },
  { name: 'build', cmd: 'npm', args: ['run', '-s', 'build'] },
  { name: 'tests', cmd: 'npx', args: ['vitest', 'run', ...vitestReport('vitest.json')] },
  {
    name: 'e2e',
    cmd: 'npx',
    args: ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...vitestReport('e2e.json')],
  },
  { name: 'security', cmd: 'npm', args: ['run', '-s', 'test:security'] },
];
const results = [];
for (const stage of stages) {
  if (!wanted(stage.name)) continue;
  console.log(`\n=== ${stage.name} ===`);
  const started = Date.now();
  // npm and npx are .cmd files on Windows, which only a shell can start.
  const run = spawnSync(stage.cmd, stage.args, { stdio: 'inherit', shell: process.platform === 'win32' });
  results.push({ name: stage.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}

const RUNNERS = { tests: 'vitest.json', e2e: 'e2e.json' };
let passed = 0;
let failed = 0;
const failures = [];
for (const r of results) {
  const report = RUNNERS[r.name] ? join(reports, RUNNERS[r.name]) : null;
  if (report && existsSync(report)) {
    const counts = JSON.parse(readFileSync(report, 'utf8'));
    failures.push(...failedTests(r.name, counts));
    passed += counts.numPassedTests ?? 0;
    // A runner that failed without a failing test (a file that did not load) still counts once.
    failed += Math.max(counts.numFailedTests ?? 0, r.ok ? 0 : 1);
  } else if (r.ok)
    passed += 1; // a check that is not a test runner counts as one
  else failed += 1;
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok    ' : 'FAILED'} ${r.name} (${r.seconds.toFixed(1)} s)`);
// The failing tests again, at the end, where a log cut to its last lines still shows them.
for (const f of failures) console.log(`FAILED ${f.stage}: ${f.file} > ${f.name}\n       ${f.reason}`);
const failedStages = results.filter((r) => !r.ok).length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedStages ? 1 : 0);

/** The failed tests of one vitest JSON report: file, full name and the first line of the reason. */
function failedTests(stage, report) {
  const out = [];
  for (const file of report.testResults ?? []) {
    const path = String(file.name ?? '')
      .replace(process.cwd(), '')
      .replace(/^[\\/]/, '');
    const failedAssertions = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failedAssertions) {
      out.push({ stage, file: path, name: a.fullName ?? a.title, reason: firstLine(a.failureMessages?.[0]) });
    }
    if (!failedAssertions.length && file.status === 'failed') {
      out.push({ stage, file: path, name: '(the file)', reason: firstLine(file.message) });
    }
  }
  return out;
}

function firstLine(text) {
  const line =
    String(text ?? '')
      .split('\n')
      .find((l) => l.trim()) ?? 'no reason given';
  return line.trim().slice(0, 300);
}
