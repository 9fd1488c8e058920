/**
 * What the controller knows of the session under way (or the last one, whose figures stay on show):
 * its runs so far, the newest samples and counts, the countdown of a wait. Its phase is not here:
 * the controller holds that, and changes it only through `transition`.
 */
import type { Countdown } from '../../shared/contract';
import type { Mode } from '../../shared/modes';
import type { NetstatCounts, RunResult, Sample, SessionConfig } from '../../shared/types';
import type { EngineRun, HalfConnectionPoller } from './engine-port';
import type { SessionRecord } from './records';
import { trimRun } from './results-document';

/** The samples a snapshot carries: the newest ten minutes. */
export const SAMPLES_IN_SNAPSHOT = 600;

export class ActiveSession {
  readonly id: string;
  /** Run all: the position of the current mode. */
  index = 0;
  config: SessionConfig | null = null;
  /** The running engine, or the last one (its figures stay on show after it ends); null while waiting. */
  run: EngineRun | null = null;
  /** The running (or last) engine's result is among `finished`: its figures are counted there. */
  runCollected = false;
  /** The half-connection counter, made at the session's first start. */
  counter: HalfConnectionPoller | null = null;
  readonly finished: RunResult[] = [];
  /** The finished runs as every snapshot carries them (errors trimmed). */
  readonly finishedTrimmed: RunResult[] = [];
  samples: Sample[] = [];
  countdown: Countdown | null = null;
  /** The newest counts seen while no engine polls (during a wait). */
  netstat: NetstatCounts | null = null;
  /** For a person: why the session failed, or a notice (half-connections still listed, say). */
  message: string | null = null;
  /** Cuts a wait short when a stop is asked. */
  readonly abort = new AbortController();
  /** Settles once the session is over, whether it ran or its start was refused (see settle). */
  readonly settled: Promise<void>;
  readonly settle: () => void;

  constructor(
    readonly kind: 'single' | 'run-all',
    readonly modes: Mode[],
    readonly record: SessionRecord,
  ) {
    this.id = record.sessionId;
    let settle = (): void => {};
    this.settled = new Promise<void>((resolve) => (settle = resolve));
    this.settle = settle;
  }

  /** Run all moves to its next mode: nothing runs until it starts. */
  enterMode(index: number, config: SessionConfig): void {
    this.index = index;
    this.config = config;
    this.run = null;
    this.runCollected = false;
    this.samples = [];
  }

  /** An engine runs `config`. */
  runs(config: SessionConfig, run: EngineRun): void {
    this.config = config;
    this.run = run;
    this.runCollected = false;
    this.samples = [];
    this.countdown = null;
  }

  addSample(sample: Sample): void {
    this.samples.push(sample);
    // Trimmed in chunks, so a long run costs O(1) a sample.
    if (this.samples.length >= SAMPLES_IN_SNAPSHOT * 2)
      this.samples = this.samples.slice(-SAMPLES_IN_SNAPSHOT);
    if (sample.netstat) this.netstat = sample.netstat;
  }

  addResult(result: RunResult): void {
    this.runCollected = true;
    this.finished.push(result);
    this.finishedTrimmed.push(trimRun(result));
  }
}
