/**
 * An earlier session, picked in the history, shown in the live panel as it ended: its state, its
 * counters, the chart of its last run and its error log, so no part of the window mixes it with
 * the current results. Built once when it is picked; nothing in it changes afterwards.
 */
import type { ResultsDocument, Snapshot } from '@shared/contract';
import { connectsPerSecond } from '@shared/samples';
import { ErrorLog } from './error-log.svelte';
import { RunSeries } from './run-series.svelte';

export class ViewedFigures {
  readonly log = new ErrorLog();
  readonly series = new RunSeries();
  /** The session's figures in the shape the live panel reads. */
  readonly snapshot: Snapshot;

  constructor(
    readonly id: string,
    readonly document: ResultsDocument,
  ) {
    const runs = document.runs;
    const last = runs[runs.length - 1];
    const errorCounts: Record<string, number> = {};
    let errorTotal = 0;
    for (const run of runs) {
      for (const [code, n] of Object.entries(run.errorCounts)) {
        errorCounts[code] = (errorCounts[code] ?? 0) + n;
        errorTotal += n;
      }
      // Older files have no mode on each error: the run's own stands in.
      this.log.append(run.errors, run.mode);
    }
    if (last) this.series.merge(`${id}/${last.mode}`, last.samples);
    const samples = last?.samples ?? [];
    const lastSample = samples[samples.length - 1];
    const counted = [...samples].reverse().find((s) => s.netstat)?.netstat ?? null;
    this.snapshot = {
      seq: 0,
      sessionId: `history:${id}`,
      state: document.status === 'failed' ? 'failed' : 'done',
      mode: last?.mode ?? null,
      config: last?.config ?? null,
      runAll: null,
      elapsedMs: last?.elapsedMs ?? 0,
      durationMs: last ? last.config.durationSec * 1000 : 0,
      connections: runs.reduce((n, r) => n + r.connections, 0),
      connectsPerSec: lastSample ? connectsPerSecond(lastSample) : 0,
      errorTotal,
      errorCounts,
      newErrors: [],
      newErrorsSkipped: 0,
      netstat: counted,
      samples,
      countdown: null,
      finished: runs,
      message: document.status === 'failed' ? (last?.failure ?? null) : null,
      ended: { status: document.status, ran: runs.length, planned: runs.length },
      canWaitToStart: false,
    };
  }
}
