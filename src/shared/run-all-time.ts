/**
 * How long a Run all can take, before it starts and while it runs. Between two close orders it
 * waits for the first one's half-connections to leave, which TIME_WAIT's length (plus a few seconds
 * of grace for a slow count) bounds; so the longest a Run all takes is every run's duration plus
 * that bound for each wait. The main process waits by the same numbers (controller/drain.ts), and
 * the window shows them, so both read them from here.
 */
import type { Snapshot } from './contract';
import type { SystemInfo } from './types';

/**
 * TIME_WAIT's length on Windows when TcpTimedWaitDelay is not set. Microsoft documents it as 240 s
 * in the registry reference and as 120 s in newer articles; the longer is the one to wait out, since
 * waiting too little mixes two runs' counts and waiting too much only costs time.
 */
export const WINDOWS_DEFAULT_TIME_WAIT_SECONDS = 240;

/** How long past TIME_WAIT's length a wait between two close orders goes on: a count can be slow. */
export const DRAIN_GRACE_SECONDS = 5;

/**
 * How long a closed connection stays in TIME_WAIT here, in seconds: how long to wait before a run
 * finds no half-connection left. Linux fixes it at 60 s; Windows uses TcpTimedWaitDelay, or
 * WINDOWS_DEFAULT_TIME_WAIT_SECONDS when it is absent; macOS 2 × MSL.
 */
export function timeWaitSeconds(facts: Pick<SystemInfo, 'platform' | 'timeWaitDelay'>): number {
  const seconds = Number.parseInt(facts.timeWaitDelay?.value ?? '', 10);
  if (Number.isFinite(seconds) && seconds > 0) return seconds;
  if (facts.platform === 'win32') return WINDOWS_DEFAULT_TIME_WAIT_SECONDS;
  if (facts.platform === 'darwin') return 30;
  return 60;
}

/** The longest one wait between two close orders can last. */
export function longestWaitSeconds(timeWaitSec: number, graceSec = DRAIN_GRACE_SECONDS): number {
  return timeWaitSec + graceSec;
}

/** The longest a Run all of `modes` close orders, `durationSec` each, can take: runs and the waits between them. */
export function runAllLongestSeconds(modes: number, durationSec: number, waitSec: number): number {
  if (modes <= 0) return 0;
  return modes * durationSec + (modes - 1) * waitSec;
}

/**
 * The longest the Run all in `snapshot` can still take, in seconds: what is left of the current run
 * or wait, then the runs after it and the waits between them. Null when no Run all is under way
 * (or it is stopping, which takes a second or two).
 */
export function runAllSecondsLeft(snapshot: Snapshot | null, waitSec: number): number | null {
  if (!snapshot?.runAll) return null;
  const { modes, index } = snapshot.runAll;
  const durationSec = snapshot.config?.durationSec ?? snapshot.durationMs / 1000;
  const after = modes.length - 1 - index;
  const rest = after * (durationSec + waitSec);
  switch (snapshot.state) {
    case 'running':
      return Math.max(0, snapshot.durationMs - snapshot.elapsedMs) / 1000 + rest;
    case 'waiting':
    case 'draining':
      return (snapshot.countdown?.remainingSec ?? waitSec) + durationSec + rest;
    default:
      return null;
  }
}
