/**
 * What the session controller takes and what it gives: its options, the handle of a session it
 * started, its events, and its one refusal of its own.
 */
import type { ResultsDocument, RunEnded, Snapshot } from '../../shared/contract';
import type { ErrorRecord, RunResult, Sample, SystemInfo } from '../../shared/types';
import type { EnginePort } from './engine-port';
import type { Logger } from '../logger';
import type { HistoryLike, RunLogLike } from './records';
import type { SessionEngineOptions } from './session-engine';
import { UserError } from '../user-error';

export interface ControllerOptions extends SessionEngineOptions {
  /** Run logs (and, with a history, what it saves beside them) live under this folder. */
  dataDir: string;
  /** The engine; by default the real one, made from the SessionEngineOptions. */
  engine?: EnginePort;
  logger?: Logger;
  /** The machine facts recorded with every result (read once, at the first start). */
  system: SystemInfo | (() => Promise<SystemInfo>);
  app: ResultsDocument['app'];
  /** TIME_WAIT's length, which bounds the wait between modes; by default read from the machine facts. */
  timeWaitSeconds?: number;
  /** Where finished sessions are saved; without one nothing is (RunEnded still carries the results). */
  history?: HistoryLike | null;
  openRunLog: (path: string) => RunLogLike;
  /** 250 ms: about four snapshots a second. */
  snapshotIntervalMs?: number;
  /** How long past TIME_WAIT's length to keep waiting for a drain (5 s). */
  drainGraceSeconds?: number;
  /** How often to count while draining (1 s). */
  drainPollMs?: number;
  /** The most errors one snapshot carries (1,000). */
  newErrorsCap?: number;
  /** Errors kept in memory per run: the first and the last ones (100 and 1,000). */
  errorRetention?: { first: number; last: number };
}

/** A start refused because a session is already under way. */
export class ControllerBusyError extends UserError {
  override name = 'ControllerBusyError';
  constructor() {
    super('A test is already running. Stop it before starting another.');
  }
}

export interface RunHandle {
  sessionId: string;
  /** Settles when the session has ended and its results are saved (never rejects). */
  ended: Promise<RunEnded>;
}

export interface ControllerEvents {
  snapshot: [Snapshot];
  'run-ended': [RunEnded];
  /** Each mode's result as it finishes (a single run finishes once). */
  'run-finished': [RunResult];
  /** Every error as it happens; listeners must be cheap (10,000+ a second is possible). */
  'error-record': [ErrorRecord];
  /** Each second's figures, as the engine takes them. */
  sample: [Sample];
}
