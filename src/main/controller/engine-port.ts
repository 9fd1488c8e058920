/**
 * The engine as the controller sees it: start a run of one close order, hear its errors and
 * samples, stop it, await its result. The app and the command line hand in `sessionEngine` (the
 * node:net engine in worker threads); the controller's tests hand in a fake, so every phase change
 * and failure path is checked in milliseconds instead of in seconds-long socket runs.
 */
import type { RunResult, Sample, ErrorRecord, SessionConfig, SystemInfo } from '../../shared/types';
import type { HalfConnectionPoller, Progress } from '../engine/run';

export type { HalfConnectionPoller, Progress };

/** What a run is started with besides its settings. */
export interface RunContext {
  system: SystemInfo;
  /** The session's half-connection counter (see EnginePort.counter); the run starts and stops it. */
  counter: HalfConnectionPoller | null;
  /** Errors the result keeps in memory: the first and the last ones (the counts stay exact). */
  errorRetention: { first: number; last: number };
  /** TIME_WAIT's length, for the "wait N seconds" of a refused start. */
  timeWaitSeconds: number;
  /** Every error as it happens (10,000+ a second is possible: keep it cheap). */
  onError(record: ErrorRecord): void;
  /** Once a second. */
  onSample(sample: Sample): void;
}

/** A run that has started. */
export interface EngineRun {
  /** Settles with the result once every socket is closed; never rejects (a failure is a result). */
  readonly done: Promise<RunResult>;
  /** Asks the run to end; harmless once it has. */
  stop(): void;
  /** Live figures; cheap at any pace. */
  progress(): Progress;
}

export interface EnginePort {
  /** Starts a run. Rejects with a sentence for a person (a RunStartError), having started nothing. */
  start(config: SessionConfig, context: RunContext): Promise<EngineRun>;
  /**
   * A counter of the half-connections on the config's port, for the waits between runs and the
   * figures beside them; null where this machine cannot count them. One serves a whole session.
   */
  counter(config: SessionConfig, system: SystemInfo): HalfConnectionPoller | null;
}
