/**
 * Watching this machine's connections: a poll every interval (1 s; at most four a second), never
 * two at once, and a slow poll pushes the next back so polling takes about a tenth of a core at
 * most (up to ten intervals). With `workerPath` each poll runs on a thread of its own, the model included, so a
 * 100,000-row table never blocks the thread that asked and only the bounded poll crosses over.
 * A table that cannot be read gives a poll with `error` set; the watch goes on.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { WatchPoll } from '../../shared/watch';
import { readMachineFacts, timeWaitSeconds } from '../engine/machine-facts';
import { WatchModel, type WatchMachine } from './model';
import { PollRunner, sentenceOf } from './poll-runner';
import { tableSource } from './sources';
import type { TableSource } from './table-source';

export interface WatcherOptions {
  /** Time between polls, 1000 by default; at least 250 (four polls a second). */
  intervalMs?: number;
  /** process.platform by default. */
  platform?: NodeJS.Platform;
  /** The built poll thread (out/worker/watch-worker.js); without it polls run on this thread. */
  workerPath?: string;
  /** The ephemeral range, exclusions and TIME_WAIT length; read from the machine when absent. */
  machine?: WatchMachine;
  /** Destinations and programs a poll lists at most (50). */
  limit?: number;
  /** For tests: the table to read instead of the platform's (polls then run on this thread). */
  source?: TableSource;
}

/** What the poll thread is started with. */
export interface WatchWorkerData {
  platform: NodeJS.Platform;
  machine: WatchMachine;
  limit?: number;
  startedMs: number;
}

export const MIN_INTERVAL_MS = 250;
/** The most of the time between polls a poll may take: a slow poll pushes the next one back. */
const MAX_POLL_SHARE = 0.1;
/** ...but never by more than this many intervals, so a one-off stall does not silence the watch. */
const MAX_BACK_OFF_INTERVALS = 10;
/** A thread with no polls asked of it for this long (the watch stopped) ends; the next poll starts one. */
const THREAD_IDLE_MS = 5000;

/** The machine facts a watch needs, read once. Never throws: a fact that cannot be read is left empty. */
export async function watchMachine(platform: NodeJS.Platform = process.platform): Promise<WatchMachine> {
  const facts = await readMachineFacts({ appVersion: '' });
  return {
    platform,
    ephemeralRange: facts.ephemeralRange?.value ?? null,
    excludedRanges: facts.excludedRanges?.value ?? [],
    timeWaitSeconds: timeWaitSeconds(facts),
  };
}

export class Watcher extends EventEmitter<{ poll: [WatchPoll] }> {
  private readonly intervalMs: number;
  private readonly platform: NodeJS.Platform;
  private readonly startedMs = Date.now();
  private machine: Promise<WatchMachine> | null = null;
  private here: Promise<PollRunner | string> | null = null;
  /** Gives the error polls when the thread itself fails (its model is on the thread). */
  private spare: WatchModel | null = null;
  private worker: Worker | null = null;
  private replies: ((poll: WatchPoll) => void)[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private inFlight: Promise<WatchPoll> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private generation = 0;
  private newest: WatchPoll | null = null;

  constructor(private readonly options: WatcherOptions = {}) {
    super();
    this.intervalMs = Math.max(MIN_INTERVAL_MS, options.intervalMs ?? 1000);
    this.platform = options.platform ?? process.platform;
  }

  /** The newest poll; null before the first. */
  get latest(): WatchPoll | null {
    return this.newest;
  }

  /** One poll now; joins a poll under way. Never rejects: a failed read is a poll with `error`. */
  pollOnce(): Promise<WatchPoll> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /**
   * Polls every interval, timed from the start of the last poll, until stop(). Like setInterval,
   * a started watch keeps the process alive (the command line's watch lives on it).
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    // A stop and a new start while a poll is under way must not leave two loops behind.
    const generation = ++this.generation;
    let first = true;
    const tick = (): void => {
      const started = performance.now();
      void this.pollOnce().then((poll) => {
        if (!this.running || generation !== this.generation) return;
        // The back-off counts the poll's own work (pollMs), not a thread's start or the machine
        // facts, and leaves out the first poll, which alone reads every process's open files.
        const backOff = first
          ? 0
          : Math.min(poll.pollMs / MAX_POLL_SHARE, MAX_BACK_OFF_INTERVALS * this.intervalMs);
        first = false;
        const wait = Math.max(0, Math.max(this.intervalMs, backOff) - (performance.now() - started));
        this.timer = setTimeout(tick, wait);
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
    if (this.worker) this.endThreadWhenIdle();
  }

  /** Stops polling and ends the poll thread; a later poll starts a new one. */
  async close(): Promise<void> {
    await this.stop();
    await this.endThread();
  }

  private async poll(): Promise<WatchPoll> {
    const poll =
      this.options.workerPath && !this.options.source
        ? await this.pollOnThread(this.options.workerPath)
        : await this.pollHere();
    this.newest = poll;
    this.emit('poll', poll);
    return poll;
  }

  private machineFacts(): Promise<WatchMachine> {
    const given = this.options.machine;
    this.machine ??= given ? Promise.resolve(given) : watchMachine(this.platform);
    return this.machine;
  }

  private async model(): Promise<WatchModel> {
    return new WatchModel(await this.machineFacts(), {
      limit: this.options.limit,
      startedMs: this.startedMs,
    });
  }

  private async pollHere(): Promise<WatchPoll> {
    this.here ??= this.model().then((model) => {
      try {
        return new PollRunner(this.options.source ?? tableSource(this.platform), model);
      } catch (error) {
        this.spare = model;
        return sentenceOf(error);
      }
    });
    const runner = await this.here;
    if (typeof runner !== 'string') return runner.poll();
    return this.spare!.failed(runner, { pollMs: 0, nowMs: Date.now() });
  }

  private async pollOnThread(workerPath: string): Promise<WatchPoll> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const machine = await this.machineFacts();
    if (!this.worker) {
      const workerData: WatchWorkerData = {
        platform: this.platform,
        machine,
        limit: this.options.limit,
        startedMs: this.startedMs,
      };
      const worker = new Worker(workerPath, { workerData });
      worker.on('message', (poll: WatchPoll) => this.replies.shift()?.(poll));
      const fail = (reason: string): void => {
        if (this.worker === worker) this.worker = null;
        const replies = this.replies.splice(0);
        if (replies.length === 0) return;
        this.spare ??= new WatchModel(machine, { limit: this.options.limit, startedMs: this.startedMs });
        const poll = this.spare.failed(`This computer's connections cannot be read: ${reason}`, {
          pollMs: 0,
          nowMs: Date.now(),
        });
        for (const resolve of replies) resolve(poll);
      };
      worker.on('error', (error) => fail(error.message));
      worker.on('exit', () => fail('the thread that reads them ended.'));
      this.worker = worker;
    }
    const worker = this.worker;
    // Only a poll under way keeps the process alive: an idle thread never does on its own.
    worker.ref();
    try {
      return await new Promise<WatchPoll>((resolve) => {
        this.replies.push(resolve);
        worker.postMessage('poll');
      });
    } finally {
      worker.unref();
      if (!this.running) this.endThreadWhenIdle();
    }
  }

  /** A watch that is no longer used must not leave its thread behind. */
  private endThreadWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.endThread(), Math.max(THREAD_IDLE_MS, 2 * this.intervalMs));
    this.idleTimer.unref();
  }

  private async endThread(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
