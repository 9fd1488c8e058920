import { EventEmitter } from 'node:events';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type {
  ErrorRecord,
  NetstatCounts,
  RunResult,
  Sample,
  SessionConfig,
  StopReason,
  SystemInfo,
} from '../../shared/types';
import { Coordination } from './coordination';
import { ErrorTally, type ErrorRetention } from './error-tally';
import { timeWaitSeconds } from './machine-facts';
import { halfConnections } from './netstat/count';
import { SLOT, SLOT_COUNT, type RunMessage, type WorkerMessage, type WorkerSetup } from './protocol';
import { assembleResult } from './run-result';
import { Sampler } from './sampler';
import { lingeringError, listenError, reservedPortError, workerStartError } from './start-errors';
import { workerPaths } from './worker-paths';

export { RunStartError, type StartErrorCode } from './start-errors';

/** What a run needs of the netstat poller (src/main/engine/netstat). */
export interface HalfConnectionPoller {
  pollOnce(): Promise<NetstatCounts | null>;
  start(): void;
  stop(): Promise<void>;
  readonly latest: NetstatCounts | null;
}

export interface RunOptions {
  /** The built worker file; by default out/worker/engine-worker.js beside the running bundle. */
  workerPath?: string;
  /** Half-connection counts for the samples and the pre-start check. The run starts and stops it. */
  poller?: HalfConnectionPoller | null;
  /** Machine facts recorded with the result. */
  system: SystemInfo;
  /** Keep only the first and last errors in memory; counts stay exact. Default: keep all. */
  errorRetention?: ErrorRetention;
  /** TIME_WAIT's length in seconds, for the "wait N seconds" message; by default the machine's. */
  timeWaitSeconds?: number;
}

export interface Progress {
  connections: number;
  errorTotal: number;
  errorCounts: Record<string, number>;
  ignoredReadErrors: number;
  elapsedMs: number;
  durationMs: number;
}

/** How long a stopped side may take to close its sockets before its thread is ended. */
const STOP_GRACE_MS = 700;

interface RunEvents {
  'error-record': [ErrorRecord];
  sample: [Sample];
}

type Role = 'server' | 'client';

/**
 * One run of one close order: a server thread and a client thread on loopback, owned from the
 * caller's thread, which only counts, samples and records (it never touches a test socket).
 */
export class Run extends EventEmitter<RunEvents> {
  readonly done: Promise<RunResult>;
  private resolveDone!: (result: RunResult) => void;
  private readonly shared = new SharedArrayBuffer(SLOT_COUNT * 4);
  private readonly co = new Coordination(this.shared);
  private workers: Record<Role, Worker | null> = { server: null, client: null };
  private clientLoop: { startedAt: number; endedAt: number } | null = null;
  private readonly doneSides = new Set<Role>();
  private stopReason: StopReason | null = null;
  private failure: string | null = null;
  private startedAtMs = 0;
  private startedPerf = 0;
  private endedPerf = 0;
  private durationTimer: NodeJS.Timeout | null = null;
  private readonly tally: ErrorTally;
  private readonly sampler: Sampler;

  private constructor(
    readonly config: SessionConfig,
    private readonly options: RunOptions,
  ) {
    super();
    this.co.store(SLOT.MAX_ERRORS, config.maxErrors);
    this.co.store(SLOT.CONNECTION_LIMIT, config.connectionLimit ?? 0);
    this.tally = new ErrorTally(options.errorRetention);
    this.sampler = new Sampler(
      {
        connects: () => this.co.load(SLOT.CONNECTS),
        errors: () => this.tally.total,
        netstat: () => options.poller?.latest ?? null,
      },
      (sample) => this.emit('sample', sample),
    );
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /**
   * Refuses a port Windows reserves, checks for half-connections of an earlier run (unless
   * config.force), binds the listener on its thread and starts the client. Rejects with
   * RunStartError, having left nothing running.
   */
  static async start(config: SessionConfig, options: RunOptions): Promise<Run> {
    const reserved = reservedPortError(config.port, options.system);
    if (reserved) throw reserved;
    if (!config.force && options.poller) {
      const counts = await options.poller.pollOnce();
      const lingering = counts ? halfConnections(counts) : 0;
      if (lingering > 0) {
        const wait = options.timeWaitSeconds ?? timeWaitSeconds(options.system);
        throw lingeringError(lingering, config.port, wait);
      }
    }
    const run = new Run(config, options);
    await run.launch();
    return run;
  }

  private spawn(role: Role): Worker {
    const setup: WorkerSetup = {
      role,
      mode: this.config.mode,
      host: this.config.host,
      port: this.config.port,
      shared: this.shared,
    };
    const path = this.options.workerPath ?? workerPaths(dirname(fileURLToPath(import.meta.url))).engine;
    const worker = new Worker(path, { workerData: setup });
    worker.on('message', (message: WorkerMessage) => this.onMessage(role, message));
    worker.on('error', (err) => this.fail(`The ${role} thread failed: ${err.message}`));
    worker.on('exit', () => {
      if (!this.doneSides.has(role) && !this.stopReason) this.fail(`The ${role} thread ended unexpectedly.`);
    });
    return worker;
  }

  private async launch(): Promise<void> {
    const server = this.spawn('server');
    this.workers.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.on('message', (message: WorkerMessage) => {
          if (message.type === 'listening') resolve();
          else if (message.type === 'listen-failed')
            reject(listenError(message.code, message.message, this.config, this.options.system));
        });
        server.once('error', (err) => reject(workerStartError(err.message)));
        server.once('exit', () => reject(workerStartError('its server thread ended.')));
      });
    } catch (err) {
      this.stopReason = 'failed';
      await server.terminate();
      this.workers.server = null;
      throw err;
    }
    this.workers.client = this.spawn('client');
    this.post('client', { type: 'go' });
  }

  /**
   * The clock starts when the client's loop does, not when its thread is asked to start: a thread
   * can take most of a second to come up on a busy machine, and a 60 s run means 60 s of connects.
   */
  private beginClock(): void {
    if (this.stopReason || this.startedPerf) return;
    this.startedAtMs = Date.now();
    this.startedPerf = performance.now();
    this.options.poller?.start();
    this.durationTimer = setTimeout(() => this.finish('duration'), this.config.durationSec * 1000);
    this.sampler.start(this.startedPerf, this.config.durationSec);
  }

  private post(role: Role, message: RunMessage): void {
    this.workers[role]?.postMessage(message);
  }

  private onMessage(role: Role, message: WorkerMessage): void {
    switch (message.type) {
      case 'errors':
        for (const record of message.records) {
          this.tally.add(record);
          this.emit('error-record', record);
        }
        break;
      case 'finished':
        this.finish(message.reason);
        break;
      case 'ready':
        if (role === 'client') this.beginClock();
        break;
      case 'done':
        if (role === 'client') this.clientLoop = { startedAt: message.startedAt, endedAt: message.endedAt };
        this.doneSides.add(role);
        break;
      default:
        break;
    }
  }

  /** Live figures; cheap at any pace. */
  progress(): Progress {
    const end = this.endedPerf || performance.now();
    return {
      connections: this.co.load(SLOT.CONNECTS),
      errorTotal: this.tally.total,
      errorCounts: { ...this.tally.counts },
      ignoredReadErrors: this.co.load(SLOT.IGNORED_READ_ERRORS),
      elapsedMs: this.startedPerf ? end - this.startedPerf : 0,
      durationMs: this.config.durationSec * 1000,
    };
  }

  /** Requests a stop; the run ends within a second, every socket closed, with interrupted: true. */
  stop(): void {
    this.finish('stopped');
  }

  private fail(message: string): void {
    if (this.stopReason) return;
    this.failure = message;
    this.finish('failed');
  }

  private finish(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.endedPerf = performance.now();
    this.co.requestStop();
    if (this.durationTimer) clearTimeout(this.durationTimer);
    this.sampler.stop();
    void this.shutDown();
  }

  private async shutDown(): Promise<void> {
    this.post('client', { type: 'stop' });
    this.post('server', { type: 'stop' });
    const deadline = performance.now() + STOP_GRACE_MS;
    while (this.doneSides.size < 2 && performance.now() < deadline && this.alive()) {
      await new Promise((r) => setTimeout(r, 5));
    }
    // Messages already sent (the last errors) arrive before the thread's end is reported.
    await Promise.all([this.workers.client?.terminate(), this.workers.server?.terminate()]);
    this.workers = { server: null, client: null };
    // Both threads have ended: the last interval's connects are all counted.
    this.sampler.finish(this.endedPerf);
    await this.options.poller?.stop();
    this.resolveDone(
      assembleResult({
        config: this.config,
        system: this.options.system,
        reason: this.stopReason ?? 'failed',
        failure: this.failure,
        startedAtMs: this.startedAtMs,
        startedPerf: this.startedPerf,
        endedPerf: this.endedPerf,
        clientLoop: this.clientLoop,
        connections: this.co.load(SLOT.CONNECTS),
        ignoredReadErrors: this.co.load(SLOT.IGNORED_READ_ERRORS),
        tally: this.tally,
        samples: this.sampler.samples,
      }),
    );
  }

  /** A failed start has already ended its server thread: nothing is left to wait for. */
  private alive(): boolean {
    return this.workers.client !== null || this.workers.server !== null;
  }
}
