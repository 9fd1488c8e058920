/**
 * Half-connections of the test port, as the original program counted them from netstat: the
 * server half (local port = test port) and the client half (peer port = test port), by state,
 * plus how many ephemeral ports the machine holds. Polled about once a second beside a run; a
 * missing or failing tool leaves the counts unavailable (null) and never stops the run.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
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
  /**
   * The built poll worker (out/worker/netstat-worker.js). With it, each poll runs on a thread of
   * its own: reading a large connection table takes the kernel tens of milliseconds, which must
   * not block the thread that owns the session (the app's main process). Without it, polls run here.
   */
  workerPath?: string;
  /**
   * The most of the time between polls a poll may take (0.1): a slow poll (a huge table) pushes
   * the next one back, so counting never takes more than a tenth of a core from the test.
   */
  maxPollShare?: number;
}

/** What the poll worker answers for each poll. */
export interface PollReply {
  counts: NetstatCounts | null;
  error: string | null;
}

/** A poll thread with nothing to do for this long ends; the next poll starts another. */
const THREAD_IDLE_MS = 5000;

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
  private readonly options: PollerOptions;
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private replies: ((reply: PollReply) => void)[] = [];

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
    this.options = options;
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
        const took = performance.now() - started;
        const share = this.options.maxPollShare ?? 0.1;
        const wait = Math.max(0, this.intervalMs - took, took / share - took);
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

  /** Stops polling and ends the poll thread; a later poll starts a new one. */
  async close(): Promise<void> {
    await this.stop();
    await this.endThread();
  }

  private async endThread(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private poll(): Promise<NetstatCounts | null> {
    return this.options.workerPath ? this.pollOnThread(this.options.workerPath) : this.pollHere();
  }

  private async pollOnThread(workerPath: string): Promise<NetstatCounts | null> {
    if (!this.worker) {
      const { workerPath: _path, ...options } = this.options;
      const worker = new Worker(workerPath, { workerData: { ...options, platform: this.platform } });
      // The poll thread never keeps the process alive on its own.
      worker.unref();
      worker.on('message', (reply: PollReply) => this.replies.shift()?.(reply));
      const fail = (message: string): void => {
        if (this.worker === worker) this.worker = null;
        for (const resolve of this.replies.splice(0)) resolve({ counts: null, error: message });
      };
      worker.on('error', (err) => fail(`Connections cannot be counted: ${err.message}`));
      worker.on('exit', () => fail('Connections cannot be counted: the counting thread ended.'));
      this.worker = worker;
    }
    const worker = this.worker;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const reply = await new Promise<PollReply>((resolve) => {
      this.replies.push(resolve);
      worker.postMessage('poll');
    });
    // A poller that is no longer used (its session over) must not leave its thread behind.
    this.idleTimer = setTimeout(() => void this.endThread(), THREAD_IDLE_MS);
    this.idleTimer.unref();
    this.latestCounts = reply.counts;
    this.error = reply.error;
    this.emit('counts', reply.counts);
    return reply.counts;
  }

  /** One poll on this thread: the poll worker calls it too. */
  async pollHere(): Promise<NetstatCounts | null> {
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
