/**
 * Results speed: how many errors a second the run's log on disk (JSON Lines) takes in, against
 * the 10,000 a second a flood of connect failures can produce. The rate is appends measured on
 * this thread; the file is closed (everything on disk) before the figure is final.
 *
 *   npm run bench -- results
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RunLog } from '../../src/main/results/run-log';
import type { ErrorRecord } from '../../src/shared/types';

const ERRORS = 200_000;
const FLOOD_PER_SEC = 10_000;

const template: ErrorRecord = {
  time: '2026-01-05T10:00:00.001+01:00',
  epochMs: 0,
  side: 'client',
  op: 'connect',
  code: 'EADDRINUSE',
  errno: -98,
  winsock: null,
  localPort: null,
  peerPort: 40000,
  connection: 1,
  message: 'connect EADDRINUSE 127.0.0.1:40000',
};

const dir = mkdtempSync(join(tmpdir(), 'sct-bench-results-'));
try {
  for (let round = 1; round <= 3; round++) {
    const log = new RunLog(join(dir, `round-${round}.jsonl`));
    const started = performance.now();
    for (let i = 0; i < ERRORS; i++) log.appendError({ ...template, connection: i + 1, epochMs: i });
    const appendMs = performance.now() - started;
    await log.close();
    const totalMs = performance.now() - started;
    const rate = ERRORS / (appendMs / 1000);
    console.log(
      `results: run log round ${round}: ${ERRORS.toLocaleString('en-US')} errors appended in ${appendMs.toFixed(0)} ms ` +
        `(${Math.round(rate).toLocaleString('en-US')}/s, ${(rate / FLOOD_PER_SEC).toFixed(0)}x a flood of ` +
        `${FLOOD_PER_SEC.toLocaleString('en-US')}/s), on disk after ${totalMs.toFixed(0)} ms`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
