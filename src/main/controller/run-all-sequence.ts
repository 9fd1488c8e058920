/**
 * Run all: each mode in turn, and before each, a wait until the half-connections of the mode
 * before (or of an earlier run) have left the connection table, so every mode starts clean and its
 * counts are its own. TIME_WAIT's length bounds each wait; a stop cuts it short.
 */
import type { RunAllRequest } from '../../shared/contract';
import type { RunResult, SessionConfig, SystemInfo } from '../../shared/types';
import type { ActiveSession } from './active-session';
import { waitForDrain, type DrainOutcome } from './drain';
import type { EngineRun, HalfConnectionPoller } from './engine-port';
import type { Logger } from '../logger';
import type { PhaseEvent } from './phase';
import { configForMode } from './run-all-request';

/** What the controller lends the sequence. */
export interface RunAllSteps {
  session: ActiveSession;
  log: Logger;
  /** Whether a stop was asked. */
  stopping(): boolean;
  move(event: PhaseEvent): void;
  system(): Promise<SystemInfo>;
  /** The session's counter, made at the first call. */
  counter(config: SessionConfig, system: SystemInfo): HalfConnectionPoller | null;
  /** Starts one mode; rejects with the engine's sentence, having started nothing. */
  launch(config: SessionConfig): Promise<EngineRun>;
  /** Awaits a mode's end and records it. */
  collect(run: EngineRun): Promise<RunResult>;
  drain: DrainSettings;
}

export interface DrainSettings {
  timeWaitSeconds(system: SystemInfo): number;
  /** How long past TIME_WAIT's length to keep waiting. */
  graceSeconds: number;
  /** How often to count while waiting. */
  pollMs: number;
}

/**
 * Runs the modes until the last ends, one fails or a stop is asked. Answers whether the session
 * failed other than through a run's own result (a mode that could not start).
 */
export async function runAllModes(request: RunAllRequest, steps: RunAllSteps): Promise<boolean> {
  const { session, log } = steps;
  log.info(
    `Run all started: ${request.modes.join(', ')}, ${request.durationSec} s each, port ${request.port} (session ${session.id}).`,
  );
  let previousEnd: number | null = null;
  for (const [index, mode] of request.modes.entries()) {
    if (steps.stopping()) break;
    // Each mode starts on a table the wait found clean, so the lingering check would only repeat it.
    const config = configForMode(request, mode, true);
    session.enterMode(index, config);
    const system = await steps.system();
    const waited = await waitBefore(steps, steps.counter(config, system), previousEnd, system);
    if (waited.kind === 'aborted' || steps.stopping()) break;
    if (waited.kind === 'timed-out') {
      session.message = `${waited.halfConnections} half-connections were still listed when ${mode} started; they may belong to another program.`;
      log.warn(session.message);
    }
    let run: EngineRun;
    try {
      run = await steps.launch(config);
    } catch (error) {
      session.message = (error as Error).message;
      log.error(`Run all could not start ${mode}: ${session.message}`, error);
      return true;
    }
    const result = await steps.collect(run);
    previousEnd = Date.now();
    if (result.stopReason === 'failed') break;
  }
  return false;
}

/**
 * The countdown before a mode (or a single run asked to wait): the previous mode's
 * half-connections leaving, or an earlier run's.
 */
export function waitBefore(
  steps: Pick<RunAllSteps, 'session' | 'move' | 'drain'>,
  counter: HalfConnectionPoller | null,
  previousEnd: number | null,
  system: SystemInfo,
): Promise<DrainOutcome> {
  const { session, drain } = steps;
  const first = previousEnd === null;
  // Before the first mode there is nothing to wait for unless something is listed.
  if (first && !counter) return Promise.resolve({ kind: 'drained' });
  steps.move({ type: 'wait', reason: first ? 'before-start' : 'drain' });
  return waitForDrain({
    reason: first ? 'before-start' : 'drain',
    poll: counter ? () => counter.pollOnce() : () => Promise.resolve(null),
    since: previousEnd ?? Date.now(),
    timeWaitSeconds: drain.timeWaitSeconds(system),
    graceSeconds: drain.graceSeconds,
    pollIntervalMs: drain.pollMs,
    // Before the first mode, unreadable counts are no reason to wait: nothing is known to linger.
    waitBlind: !first,
    signal: session.abort.signal,
    onTick: (countdown, counts) => {
      session.countdown = countdown;
      if (counts) session.netstat = counts;
    },
  });
}
