// npm test: every check in turn (types, lint, build, unit and integration tests, the browser
// end-to-end run, the security scan), then one closing line counting the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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
const only = process.argv.slice(2);
const results = [];
for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  console.log(`\n=== ${stage.name} ===`);
  const started = Date.now();
  // npm and npx are .cmd files on Windows, which only a shell can start.
  const run = spawnSync(stage.cmd, stage.args, { stdio: 'inherit', shell: process.platform === 'win32' });
  results.push({ name: stage.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}

let passed = 0;
let failed = 0;
for (const file of ['vitest.json', 'e2e.json']) {
  const path = join(reports, file);
  if (!existsSync(path)) continue;
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok    ' : 'FAILED'} ${r.name} (${r.seconds.toFixed(1)} s)`);
const failedStages = results.filter((r) => !r.ok).length;
// Stages that are not test runners count as one check each.
console.log(
  `${passed + results.filter((r) => r.ok && !['tests', 'e2e'].includes(r.name)).length} passed, ${failed + failedStages} failed`,
);
process.exit(failedStages ? 1 : 0);
