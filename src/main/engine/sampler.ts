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
 */
export class Sampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private startedPerf = 0;
  private lastConnects = 0;
  private lastErrors = 0;

  constructor(
    private readonly source: SampleSource,
    private readonly onSample: (sample: Sample) => void,
  ) {}

  /** @param startedPerf the run's start, in performance.now() time. */
  start(startedPerf: number): void {
    this.startedPerf = startedPerf;
    this.schedule(1);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(second: number): void {
    const due = this.startedPerf + second * 1000 - performance.now();
    this.timer = setTimeout(
      () => {
        if (this.stopped) return;
        this.take(second);
        this.schedule(second + 1);
      },
      Math.max(0, due),
    );
  }

  private take(second: number): void {
    const connects = this.source.connects();
    const errors = this.source.errors();
    const sample: Sample = {
      t: second,
      time: localIsoTime(Date.now()),
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
