/**
 * Half-connections of the test port, as the original program counted them from netstat: the
 * server half (local port = test port) and the client half (peer port = test port), by state,
 * plus how many ephemeral ports the machine holds. Polled about once a second beside a run; a
 * missing or failing tool leaves the counts unavailable (null) and never stops the run.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { NetstatCounts, PortRange } from '../../../shared/types';
import { TableCounter, type Family } from './count';
import { readLiveTable } from './live-tables';

export { CAPTURE_FORMATS, countCapture, type CaptureFormat, type CaptureOptions } from './capture';

export interface PollerOptions {
  port: number;
  /** '127.0.0.1' (IPv4 tables) or '::1' (IPv6 tables). */
  host?: string;
  /** 1000 by default. */
  intervalMs?: number;
  /** process.platform by default. */
  platform?: NodeJS.Platform;
  /** For ephemeralHeld/ephemeralSize; both stay null without it. */
  ephemeralRange?: PortRange | null;
}

export class NetstatPoller extends EventEmitter<{ counts: [NetstatCounts | null] }> {
  private readonly port: number;
  private readonly family: Family;
  private readonly intervalMs: number;
  private readonly platform: NodeJS.Platform;
  private readonly ephemeralRange: PortRange | null;
  private inFlight: Promise<NetstatCounts | null> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private generation = 0;
  private latestCounts: NetstatCounts | null = null;
  private error: string | null = null;

  constructor(options: PollerOptions) {
    super();
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
      throw new RangeError(`The port must be a whole number from 1 to 65535, not ${options.port}.`);
    }
    this.port = options.port;
    this.family = options.host?.includes(':') ? 6 : 4;
    this.intervalMs = Math.max(50, options.intervalMs ?? 1000);
    this.platform = options.platform ?? process.platform;
    this.ephemeralRange = options.ephemeralRange ?? null;
  }

  /** The newest counts; null before the first poll or when the newest poll failed. */
  get latest(): NetstatCounts | null {
    return this.latestCounts;
  }

  /** Why the newest poll gave no counts, in a sentence; null when it succeeded. */
  get lastError(): string | null {
    return this.error;
  }

  /** One poll now. Never throws: null when unavailable (reason in lastError). Joins a poll under way. */
  pollOnce(): Promise<NetstatCounts | null> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Polls every intervalMs, never two at once: the next poll is timed from the start of the last. */
  start(): void {
    if (this.running) return;
    this.running = true;
    // A stop and a new start while a poll is under way must not leave two loops behind.
    const generation = ++this.generation;
    const tick = (): void => {
      const started = performance.now();
      void this.pollOnce().then(() => {
        if (!this.running || generation !== this.generation) return;
        const wait = Math.max(0, this.intervalMs - (performance.now() - started));
        this.timer = setTimeout(tick, wait);
        this.timer.unref();
      });
    };
    tick();
  }

  /** Stops polling; resolves once a poll under way has finished. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private async poll(): Promise<NetstatCounts | null> {
    const started = performance.now();
    let counts: NetstatCounts | null = null;
    try {
      const counter = new TableCounter(this.port, this.ephemeralRange, this.family);
      const { report, source } = await readLiveTable(this.platform, this.family, counter);
      if (report.rows === 0 && !report.header) throw new Error(`${source} gave nothing that could be read.`);
      counts = counter.result(round(performance.now() - started), source);
      this.error = null;
    } catch (error) {
      this.error = `Connections cannot be counted: ${(error as Error).message}`;
    }
    this.latestCounts = counts;
    this.emit('counts', counts);
    return counts;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
