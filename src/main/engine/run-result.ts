import type { RunResult, Sample, SessionConfig, StopReason, SystemInfo } from '../../shared/types';
import { runOutcome, summarize } from '../../shared/outcome';
import { localIsoTime } from './error-record';
import type { ErrorTally } from './error-tally';

/** Everything a finished run knows, as its own thread saw it. */
export interface RunRecord {
  config: SessionConfig;
  system: SystemInfo;
  reason: StopReason;
  /** Why the run failed, when reason is 'failed'. */
  failure: string | null;
  /** Epoch ms of the client loop's start; 0 when it never started. */
  startedAtMs: number;
  /** performance.now() at the start and at the stop; startedPerf 0 when the clock never started. */
  startedPerf: number;
  endedPerf: number;
  /** The client's own clock around its loop, when it reported one. */
  clientLoop: { startedAt: number; endedAt: number } | null;
  connections: number;
  ignoredReadErrors: number;
  tally: ErrorTally;
  samples: Sample[];
}

/** The run's result: what the window shows, the files hold and the command line prints. */
export function assembleResult(run: RunRecord): RunResult {
  const errors = run.tally.kept();
  // The client's own clock around its loop: what connections were made in.
  const elapsedMs = run.clientLoop
    ? run.clientLoop.endedAt - run.clientLoop.startedAt
    : run.startedPerf && run.endedPerf - run.startedPerf;
  const base = {
    outcome: runOutcome(run.tally.outcome, run.connections),
    connections: run.connections,
    elapsedMs: Math.max(0, elapsedMs),
    errors,
    errorCounts: { ...run.tally.counts },
    ignoredReadErrors: run.ignoredReadErrors,
  };
  let summary = summarize(base);
  if (run.reason === 'failed' && run.failure) summary = `failed: ${run.failure}`;
  else if (run.reason === 'stopped') summary += ' (stopped early)';
  return {
    mode: run.config.mode,
    config: run.config,
    startedAt: localIsoTime(run.startedAtMs || Date.now()),
    endedAt: localIsoTime(Date.now()),
    ...base,
    summary,
    interrupted: run.reason === 'stopped',
    stopReason: run.reason,
    failure: run.failure,
    errorsOmitted: run.tally.total - errors.length,
    samples: run.samples,
    system: run.system,
  };
}
