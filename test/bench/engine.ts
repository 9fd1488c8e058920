/**
 * Engine benchmark: connects per second in each mode, and the event-loop delay of the thread that
 * owns the run (what the Electron main process would feel) during a full-speed run.
 * Run by `npm run bench`; prints one line per mode.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { MODES, type Mode } from '../../src/shared/modes';
import { Run } from '../../src/main/engine/run';
import { readMachineFacts } from '../../src/main/engine/machine-facts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const workerPath = resolve('out/worker/engine-worker.js');
const system = await readMachineFacts({ appVersion: 'bench' });
let port = 61100 + Math.floor(Math.random() * 800);

console.log(`engine: ${seconds} s per mode, one run each; owning-thread event-loop delay p99 (limit 10 ms)`);
let worstP99 = 0;
for (const mode of MODES as readonly Mode[]) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const run = await Run.start(
    {
      mode,
      host: '127.0.0.1',
      port: port++,
      durationSec: seconds,
      connectionLimit: null,
      maxErrors: 1000,
      force: true,
    },
    { system, workerPath },
  );
  histogram.enable();
  const result = await run.done;
  histogram.disable();
  const p99 = histogram.percentile(99) / 1e6;
  worstP99 = Math.max(worstP99, p99);
  const rate = result.connections / (result.elapsedMs / 1000);
  console.log(
    `  ${mode.padEnd(13)} ${Math.round(rate).toString().padStart(6)} connects/s  ` +
      `event-loop delay p99 ${p99.toFixed(2)} ms  max ${(histogram.max / 1e6).toFixed(2)} ms  ${result.outcome}`,
  );
}
console.log(
  `engine: worst event-loop delay p99 ${worstP99.toFixed(2)} ms ${worstP99 < 10 ? '(under 10 ms)' : '(OVER 10 ms)'}`,
);
