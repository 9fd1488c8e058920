/**
 * The documents the app writes and reads: their common header (kind, schema version, when, which
 * app) and how a session's status follows from its runs. Written once here, so the window's saved
 * sessions, the command line's files and a session recovered from a run log agree.
 */
import type { ComparisonDocument, ResultsDocument, RunDocument } from '../../shared/contract';
import type { RunResult, SystemInfo } from '../../shared/types';
import { localIsoTime } from '../engine/error-record';

export const APP_NAME = 'SocketCloseTest';

/** A session (one run or a Run all) as the history and the window's exports hold it. */
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

/** One run as --json writes it: the run's own fields at the top level, under the documents' header. */
export function runDocument(run: RunResult, appVersion: string): RunDocument {
  return {
    kind: 'socketclosetest-run',
    schemaVersion: 1,
    createdAt: localIsoTime(Date.now()),
    app: { name: APP_NAME, version: appVersion },
    ...run,
  };
}

/** Several machines' results in one file, this machine's first: the JSON export beside imported results. */
export function comparisonDocument(
  documents: readonly ResultsDocument[],
  app: ComparisonDocument['app'],
  createdAtMs = Date.now(),
): ComparisonDocument {
  return {
    kind: 'socketclosetest-comparison',
    schemaVersion: 1,
    createdAt: localIsoTime(createdAtMs),
    app,
    documents: [...documents],
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
