// npm run bench: the benchmarks under test/bench (bundled for plain Node), then the engine
// against a plain C loop, as ratios measured in one run (absolute rates vary with the machine).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const only = process.argv.slice(2);
const benches = readdirSync('test/bench')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
spawnSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
await build({
  entryPoints: benches.map((b) => join('test/bench', `${b}.ts`)),
  outdir: 'out/bench',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
let failed = 0;
for (const bench of benches) {
  if (only.length && !only.includes(bench)) continue;
  console.log(`\n=== ${bench} ===`);
  const run = spawnSync(process.execPath, [join('out/bench', `${bench}.js`)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}

const compare = resolve('../shared/bench/compare-rate.sh');
if ((!only.length || only.includes('compare')) && existsSync(compare)) {
  const seconds = process.env.BENCH_SECONDS ?? '3';
  const pairs = process.env.BENCH_PAIRS ?? '3';
  for (const mode of ['client', 'server', 'simultaneous', 'graceful', 'any']) {
    console.log(`\n=== engine/native: ${mode} ===`);
    const run = spawnSync(
      'bash',
      [
        compare,
        mode,
        seconds,
        pairs,
        '--',
        process.execPath,
        resolve('out/cli/index.js'),
        '{mode}',
        '--duration',
        '{seconds}',
        '--port',
        '{port}',
        '--json',
        '{json}',
        '--force',
      ],
      { stdio: 'inherit' },
    );
    if (run.status !== 0) failed++;
  }
}
process.exit(failed ? 1 : 0);
