import type { RunDocument } from '../../shared/contract';
import type { RunResult } from '../../shared/types';
import { localIsoTime } from '../engine/error-record';

export const APP_NAME = 'SocketCloseTest';

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
