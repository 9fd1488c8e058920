/**
 * The saved form of a session (one run or a Run all), and the trimmed copies of finished runs that
 * ride along in every snapshot.
 */
import type { ResultsDocument } from '../../shared/contract';
import type { RunResult, SystemInfo } from '../../shared/types';
import { localIsoTime } from '../engine/error-record';

export function resultsDocument(
  runs: RunResult[],
  status: ResultsDocument['status'],
  machine: SystemInfo,
  app: ResultsDocument['app'],
  createdAtMs = Date.now(),
): ResultsDocument {
  return {
    kind: 'socketclosetest-results',
    schemaVersion: 1,
    createdAt: localIsoTime(createdAtMs),
    app,
    machine,
    status,
    runs,
  };
}

/** How a session ended: a failure outranks a stop, which outranks completion. */
export function sessionStatus(
  runs: readonly RunResult[],
  stopped: boolean,
  failed: boolean,
): ResultsDocument['status'] {
  if (failed || runs.some((r) => r.stopReason === 'failed')) return 'failed';
  if (stopped || runs.some((r) => r.interrupted)) return 'stopped';
  return 'complete';
}

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
