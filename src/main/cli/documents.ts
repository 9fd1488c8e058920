import type { ResultsDocument, RunDocument } from '../../shared/contract';
import type { RunResult, SystemInfo } from '../../shared/types';
import { localIsoTime } from '../engine/error-record';

export const APP_NAME = 'SocketCloseTest';

export function runDocument(run: RunResult, appVersion: string): RunDocument {
  return {
    kind: 'socketclosetest-run',
    schemaVersion: 1,
    createdAt: localIsoTime(Date.now()),
    app: { name: APP_NAME, version: appVersion },
    ...run,
  };
}

export function resultsDocument(
  runs: RunResult[],
  machine: SystemInfo,
  appVersion: string,
  status: ResultsDocument['status'],
): ResultsDocument {
  return {
    kind: 'socketclosetest-results',
    schemaVersion: 1,
    createdAt: localIsoTime(Date.now()),
    app: { name: APP_NAME, version: appVersion },
    machine,
    status,
    runs,
  };
}
