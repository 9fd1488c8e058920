/**
 * What a person watches: one bounded Snapshot about four times a second, however fast connections
 * come, plus one at once on each change of state (a handful a run), so a click is answered before
 * the next tick. The ticker runs only while a session is under way.
 */
import type { ResultsDocument, SessionState, Snapshot } from '../../shared/contract';
import { connectsPerSecond, sampleSeconds } from '../../shared/samples';
import type { ErrorRecord } from '../../shared/types';
import { SAMPLES_IN_SNAPSHOT, type ActiveSession } from './active-session';
import type { Progress } from './engine-port';

/** What one snapshot is made of. */
export interface SnapshotParts {
  state: SessionState;
  /** The session under way or the last one; null before the first or after a refused start. */
  session: ActiveSession | null;
  /** The errors since the last snapshot (at most the feed's cap) and how many more there were. */
  errors: { errors: ErrorRecord[]; skipped: number };
  /** Why the last start was refused; shown before the message of the session still on show. */
  notice: string | null;
  /** How the session on show ended, once it has. */
  ended: ResultsDocument['status'] | null;
  /** The last start was refused, and one that waits for the half-connections to leave would not be. */
  canWaitToStart: boolean;
}

/**
 * The session's errors so far: its finished runs' and the running one's, so the Errors tile
 * counts what the error log lists (a Run all's log holds every mode's errors).
 */
function sessionErrors(
  session: ActiveSession | null,
  progress: Progress | undefined,
): { total: number; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  let total = 0;
  const add = (byCode: Record<string, number>): void => {
    for (const [code, n] of Object.entries(byCode)) {
      counts[code] = (counts[code] ?? 0) + n;
      total += n;
    }
  };
  for (const run of session?.finished ?? []) add(run.errorCounts);
  if (progress && !session?.runCollected) add(progress.errorCounts);
  return { total, counts };
}

export function buildSnapshot(
  seq: number,
  { state, session, errors, notice, ended, canWaitToStart }: SnapshotParts,
): Snapshot {
  const progress = session?.run?.progress();
  const sessionWide = sessionErrors(session, progress);
  // The last whole second (the contract's figure): a run's short last interval, a few
  // milliseconds at its end, would show a rate that is noise, or none at all.
  const samples = session?.samples ?? [];
  const lastSample = samples.findLast((s) => sampleSeconds(s) >= 1) ?? samples[samples.length - 1];
  const config = session?.config ?? null;
  return {
    seq,
    sessionId: session?.id ?? null,
    state,
    mode: config?.mode ?? null,
    config,
    runAll: session?.kind === 'run-all' ? { modes: session.modes, index: session.index } : null,
    elapsedMs: progress ? Math.round(progress.elapsedMs) : 0,
    durationMs: progress?.durationMs ?? (config ? config.durationSec * 1000 : 0),
    connections: progress?.connections ?? 0,
    connectsPerSec: progress && lastSample ? connectsPerSecond(lastSample) : 0,
    errorTotal: sessionWide.total,
    errorCounts: sessionWide.counts,
    newErrors: errors.errors,
    newErrorsSkipped: errors.skipped,
    // While an engine runs its counter polls by itself; during a wait the wait's own counts show.
    netstat: (session?.run ? (session.counter?.latest ?? null) : null) ?? session?.netstat ?? null,
    samples: session ? session.samples.slice(-SAMPLES_IN_SNAPSHOT) : [],
    countdown: session?.countdown ?? null,
    finished: session ? [...session.finishedTrimmed] : [],
    message: notice ?? session?.message ?? null,
    ended:
      ended && session
        ? { status: ended, ran: session.finished.length, planned: session.modes.length }
        : null,
    canWaitToStart,
  };
}

/** Numbers the snapshots, keeps the newest, and sends one each interval while started. */
export class SnapshotTicker {
  private seq = 0;
  private newest: Snapshot;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly build: (seq: number) => Snapshot,
    private readonly send: (snapshot: Snapshot) => void,
  ) {
    this.newest = build(++this.seq);
  }

  /** The newest snapshot (at most one tick old): what a window that just opened should show. */
  get latest(): Snapshot {
    return this.newest;
  }

  start(): void {
    this.stop();
    this.timer = setInterval(() => this.publish(), this.intervalMs);
    // Never what keeps the process alive: a session's own work does that.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Builds and sends one now. */
  publish(): void {
    this.newest = this.build(++this.seq);
    this.send(this.newest);
  }
}
