/**
 * Waiting for the previous run's half-connections to leave the connection table, so the next mode
 * starts clean and its counts are its own. TIME_WAIT's length bounds the wait; a few seconds of
 * grace cover a slow poll. When the counts cannot be read, the full TIME_WAIT length is waited.
 */
import type { Countdown } from '../../shared/contract';
import type { NetstatCounts } from '../../shared/types';
import { halfConnections } from '../engine/netstat/count';

export interface DrainOptions {
  reason: Countdown['reason'];
  /** Reads the current counts; null when they cannot be read. */
  poll: () => Promise<NetstatCounts | null>;
  /** When the half-connections started their TIME_WAIT (the previous run's end), in Date.now() time. */
  since: number;
  timeWaitSeconds: number;
  graceSeconds: number;
  pollIntervalMs: number;
  /** When the counts cannot be read: wait TIME_WAIT's full length (true) or go on at once (false). */
  waitBlind: boolean;
  signal: AbortSignal;
  /** Called after each poll with the countdown and the counts. */
  onTick: (countdown: Countdown, counts: NetstatCounts | null) => void;
}

export type DrainOutcome =
  | { kind: 'drained' }
  /** TIME_WAIT's length has passed and some are still listed (they may belong to another program). */
  | { kind: 'timed-out'; halfConnections: number }
  /** The counts could not be read: the full TIME_WAIT length was waited instead. */
  | { kind: 'waited-blind' }
  /** The counts could not be read, and waiting was not asked for. */
  | { kind: 'unknown' }
  | { kind: 'aborted' };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function waitForDrain(options: DrainOptions): Promise<DrainOutcome> {
  const deadline = options.since + (options.timeWaitSeconds + options.graceSeconds) * 1000;
  for (;;) {
    if (options.signal.aborted) return { kind: 'aborted' };
    const counts = await options.poll();
    if (options.signal.aborted) return { kind: 'aborted' };
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    const half = counts ? halfConnections(counts) : 0;
    options.onTick({ reason: options.reason, remainingSec: left, halfConnections: half }, counts);
    if (counts && half === 0) return { kind: 'drained' };
    if (!counts && !options.waitBlind) return { kind: 'unknown' };
    if (left === 0) return counts ? { kind: 'timed-out', halfConnections: half } : { kind: 'waited-blind' };
    await sleep(Math.min(options.pollIntervalMs, left * 1000), options.signal);
  }
}
