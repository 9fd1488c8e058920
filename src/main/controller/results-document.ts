/**
 * The trimmed copies of finished runs that ride along in every snapshot (the saved form of a
 * session is in results/documents.ts).
 */
import type { RunResult } from '../../shared/types';

/**
 * A finished run as the snapshot carries it: the first errors only (the summary and the table cell
 * name the first of each kind) and the newest samples, so four snapshots a second stay small.
 */
export function trimRun(run: RunResult, keepErrors = 20, keepSamples = 600): RunResult {
  const errors = run.errors.slice(0, keepErrors);
  // The first error of each code too, wherever it is: the results table names the first exhaustion or reset.
  const codes = new Set(errors.map((e) => `${e.op} ${e.code}`));
  for (const e of run.errors) {
    const key = `${e.op} ${e.code}`;
    if (!codes.has(key)) {
      codes.add(key);
      errors.push(e);
    }
  }
  return {
    ...run,
    errors,
    errorsOmitted: run.errorsOmitted + (run.errors.length - errors.length),
    samples: run.samples.slice(-keepSamples),
  };
}
