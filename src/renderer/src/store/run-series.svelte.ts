/**
 * The chart's data for the run in progress: connects per second and the two half-connection
 * counts, one point per second. Snapshots carry only the newest 600 samples, so the series
 * accumulates them to cover a whole run, however long, and starts over when a new run begins.
 * The arrays grow in place (a day of points would be slow to copy each second); `length` and
 * `columns` read `version` first, so a view that reads them draws again when points arrive.
 */
import { connectsPerSecond } from '@shared/samples';
import type { Sample } from '@shared/types';

/** Points kept per run: a day of seconds. */
export const SERIES_CAPACITY = 86_400;

export class RunSeries {
  /** Seconds since the run started. */
  readonly t: number[] = [];
  /** A rate, so the run's last interval, often part of a second, does not show as a drop. */
  readonly connects: number[] = [];
  /** Half-connections on the server side (local port = test port); null when not counted. */
  readonly server: (number | null)[] = [];
  /** Half-connections on the client side (peer port = test port). */
  readonly client: (number | null)[] = [];
  /** Identifies the run these points belong to. */
  #run: string | null = null;
  version = $state(0);

  get length(): number {
    this.#track();
    return this.t.length;
  }

  /** The four series side by side, seconds first: the shape a chart takes. */
  get columns(): [number[], number[], (number | null)[], (number | null)[]] {
    this.#track();
    return [this.t, this.connects, this.server, this.client];
  }

  /** Adds the samples not seen yet; `run` identifies the run, and a new one starts a new series. */
  merge(run: string, samples: readonly Sample[]): void {
    let changed = false;
    if (run !== this.#run) {
      this.#run = run;
      this.#reset();
      changed = true;
    }
    const last = this.t[this.t.length - 1] ?? 0;
    for (const sample of samples) {
      if (sample.t <= last) continue;
      this.t.push(sample.t);
      this.connects.push(connectsPerSecond(sample));
      this.server.push(sample.netstat ? sample.netstat.server.total : null);
      this.client.push(sample.netstat ? sample.netstat.client.total : null);
      changed = true;
    }
    if (this.t.length > SERIES_CAPACITY) {
      const excess = this.t.length - SERIES_CAPACITY;
      for (const a of [this.t, this.connects, this.server, this.client]) a.splice(0, excess);
    }
    if (changed) this.version++;
  }

  clear(): void {
    this.#run = null;
    this.#reset();
    this.version++;
  }

  /** Subscribes whoever is reading (a template, a `$derived`, an effect) to the next change. */
  #track(): void {
    void this.version;
  }

  #reset(): void {
    for (const a of [this.t, this.connects, this.server, this.client]) a.length = 0;
  }
}
