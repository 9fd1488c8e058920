import type { NetstatCounts, Sample } from '../../shared/types';
import { localIsoTime } from './error-record';

/** What a sample reads: the totals so far and the latest half-connection counts. */
export interface SampleSource {
  connects(): number;
  errors(): number;
  netstat(): NetstatCounts | null;
}

/**
 * A run's figures once a second, each second's connects and errors as the difference of two
 * totals. Each sample is scheduled against the run's start, so a late one does not push the rest.
 * The last interval, from the last whole second to the run's end, is taken by `finish` once the
 * run's threads have ended, so the samples' connects add up to the run's connections.
 */
export class Sampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private startedPerf = 0;
  private durationSec = Infinity;
  private lastConnects = 0;
  private lastErrors = 0;

  constructor(
    private readonly source: SampleSource,
    private readonly onSample: (sample: Sample) => void,
  ) {}

  /**
   * @param startedPerf the run's start, in performance.now() time.
   * @param durationSec the run's length: its last second is left to `finish`, which knows when it ended.
   */
  start(startedPerf: number, durationSec = Infinity): void {
    this.startedPerf = startedPerf;
    this.durationSec = durationSec;
    this.schedule(1);
  }

  /** No more whole seconds; the interval since the last one is still to come from `finish`. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * The last sample: from the last whole second to the run's end, which is usually part of a
   * second. Call it once nothing more can be counted; nothing is taken when the run never started.
   * @param endedPerf the run's stop, in performance.now() time.
   */
  finish(endedPerf: number): void {
    this.stop();
    if (!this.startedPerf) return;
    const previous = this.samples[this.samples.length - 1]?.t ?? 0;
    // Milliseconds are precision enough, and at least one so a rate can be read from it.
    const seconds = Math.max(1, Math.round(endedPerf - this.startedPerf - previous * 1000)) / 1000;
    const endedAtMs = Date.now() - (performance.now() - endedPerf);
    this.take(Math.round((previous + seconds) * 1000) / 1000, seconds, endedAtMs);
  }

  private schedule(second: number): void {
    if (second >= this.durationSec) return;
    const due = this.startedPerf + second * 1000 - performance.now();
    this.timer = setTimeout(
      () => {
        if (this.stopped) return;
        this.take(second, 1, Date.now());
        this.schedule(second + 1);
      },
      Math.max(0, due),
    );
  }

  private take(t: number, seconds: number, atMs: number): void {
    const connects = this.source.connects();
    const errors = this.source.errors();
    const sample: Sample = {
      t,
      seconds,
      time: localIsoTime(atMs),
      connects: connects - this.lastConnects,
      totalConnections: connects,
      errors: errors - this.lastErrors,
      netstat: this.source.netstat(),
    };
    this.lastConnects = connects;
    this.lastErrors = errors;
    this.samples.push(sample);
    this.onSample(sample);
  }
}
