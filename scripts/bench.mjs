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

// The comparison with a plain C loop: compare-rate.sh (BENCH_COMPARE names it when it lives elsewhere).
const compare = resolve(process.env.BENCH_COMPARE ?? '../shared/bench/compare-rate.sh');
if ((!only.length || only.includes('compare')) && !existsSync(compare)) {
  console.log(`\nengine/native comparison not run: ${compare} not found (set BENCH_COMPARE to its path).`);
}
if ((!only.length || only.includes('compare')) && existsSync(compare)) {
  const seconds = process.env.BENCH_SECONDS ?? '3';
  const pairs = process.env.BENCH_PAIRS ?? '3';
  // The machine's TIME_WAIT table is shared and bounded, and what other programs left in it
  // changes how fast client-first loops run. As root, each comparison gets a fresh network
  // namespace, so both loops start from an empty table of their own.
  const isolate =
    process.env.BENCH_NETNS !== '0' &&
    process.getuid?.() === 0 &&
    spawnSync('unshare', ['--version']).status === 0;
  console.log(
    `\nengine/native ratios ${isolate ? 'each in a fresh network namespace' : 'in this network namespace'}` +
      ' (BENCH_NETNS=0: always in this one)',
  );
  for (const mode of ['client', 'server', 'simultaneous', 'graceful', 'any']) {
    console.log(`\n=== engine/native: ${mode} ===`);
    const command = [compare, mode, seconds, pairs, '--', process.execPath, resolve('out/cli/index.js')];
    command.push('{mode}', '--duration', '{seconds}', '--port', '{port}', '--json', '{json}', '--force');
    const run = isolate
      ? spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up && exec bash "$@"', 'sh', ...command], {
          stdio: 'inherit',
        })
      : spawnSync('bash', command, { stdio: 'inherit' });
    if (run.status !== 0) failed++;
  }
}
process.exit(failed ? 1 : 0);
