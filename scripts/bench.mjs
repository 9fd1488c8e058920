// npm run bench: the benchmarks under test/bench (bundled for plain Node), then the engine
// against a plain C loop, as ratios measured in one run (absolute rates vary with the machine).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { compareWithNative } from './bench-compare.mjs';

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

// The engine against a plain C loop, in interleaved pairs (scripts/bench-compare.mjs says how).
if ((!only.length || only.includes('compare')) && !(await compareWithNative())) failed++;
process.exit(failed ? 1 : 0);
