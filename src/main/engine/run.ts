import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type {
  ErrorRecord,
  RunResult,
  Sample,
  SessionConfig,
  StopReason,
  SystemInfo,
} from '../../shared/types';
import { formatCount, isExhaustion, isReset, summarize } from '../../shared/outcome';
import { localIsoTime } from './error-record';
import { listenRefusedMessage, reservedPortMessage, reservedRangeOf } from './reserved-ports';
import { SLOT, SLOT_COUNT, type RunMessage, type WorkerMessage, type WorkerSetup } from './protocol';
import type { NetstatCounts } from '../../shared/types';

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
  errorRetention?: { first: number; last: number };
  /** TIME_WAIT's length in seconds, for the "wait N seconds" message. */
  timeWaitSeconds?: number;
}

export type StartErrorCode =
  'PORT_IN_USE' | 'PORT_RESERVED' | 'LINGERING' | 'LISTEN_FAILED' | 'WORKER_FAILED';

/** A start that could not happen; the message is a sentence for a person. */
export class RunStartError extends Error {
  override name = 'RunStartError';
  constructor(
    readonly code: StartErrorCode,
    message: string,
    readonly details: { waitSeconds?: number; halfConnections?: number } = {},
  ) {
    super(message);
  }
  get waitSeconds(): number | undefined {
    return this.details.waitSeconds;
  }
  get halfConnections(): number | undefined {
    return this.details.halfConnections;
  }
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

export function defaultWorkerPath(): string {
  return fileURLToPath(new URL('../worker/engine-worker.js', import.meta.url));
}

interface RunEvents {
  'error-record': [ErrorRecord];
  sample: [Sample];
}

/**
 * One run of one close order: a server thread and a client thread on loopback, owned from the
 * caller's thread, which only counts, samples and records (it never touches a test socket).
 */
export class Run extends EventEmitter<RunEvents> {
  readonly done: Promise<RunResult>;
  private resolveDone!: (result: RunResult) => void;
  private readonly slots: Int32Array;
  private readonly shared = new SharedArrayBuffer(SLOT_COUNT * 4);
  private workers: { server: Worker | null; client: Worker | null } = { server: null, client: null };
  private clientTimes: { startedAt: number; endedAt: number } | null = null;
  private readonly doneSides = new Set<'server' | 'client'>();
  private stopReason: StopReason | null = null;
  private failure: string | null = null;
  private startedAtMs = 0;
  private startedPerf = 0;
  private endedPerf = 0;
  private timers: NodeJS.Timeout[] = [];
  private readonly errorCounts: Record<string, number> = Object.create(null) as Record<string, number>;
  private errorTotal = 0;
  private readonly firstErrors: ErrorRecord[] = [];
  private lastErrors: ErrorRecord[] = [];
  private sawExhaustion = false;
  private sawReset = false;
  private sawOther = false;
  private readonly samples: Sample[] = [];
  private lastSampleConnects = 0;
  private lastSampleErrors = 0;

  private constructor(
    readonly config: SessionConfig,
    private readonly options: RunOptions,
  ) {
    super();
    this.slots = new Int32Array(this.shared);
    Atomics.store(this.slots, SLOT.MAX_ERRORS, config.maxErrors);
    Atomics.store(this.slots, SLOT.CONNECTION_LIMIT, config.connectionLimit ?? 0);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /**
   * Refuses a port Windows reserves, checks for half-connections of an earlier run (unless
   * config.force), binds the listener on its thread and starts the client. Rejects with
   * RunStartError, having left nothing running.
   */
  static async start(config: SessionConfig, options: RunOptions): Promise<Run> {
    const reserved = reservedRangeOf(config.port, options.system);
    if (reserved) {
      throw new RunStartError(
        'PORT_RESERVED',
        reservedPortMessage(config.port, reserved, options.system),
      );
    }
    const poller = options.poller ?? null;
    if (!config.force && poller) {
      const counts = await poller.pollOnce();
      const lingering = counts ? counts.server.total + counts.client.total : 0;
      if (lingering > 0) {
        const wait = options.timeWaitSeconds ?? 120;
        throw new RunStartError(
          'LINGERING',
          `${formatCount(lingering)} half-connection${lingering === 1 ? '' : 's'} of an earlier run ${lingering === 1 ? 'is' : 'are'} still listed for port ${config.port}. ` +
            `Wait about ${wait} seconds and try again, or start anyway (the two runs' counts will mix).`,
          { waitSeconds: wait, halfConnections: lingering },
        );
      }
    }
    const run = new Run(config, options);
    await run.launch();
    return run;
  }

  private spawn(role: 'server' | 'client'): Worker {
    const setup: WorkerSetup = {
      role,
      mode: this.config.mode,
      host: this.config.host,
      port: this.config.port,
      shared: this.shared,
    };
    const worker = new Worker(this.options.workerPath ?? defaultWorkerPath(), { workerData: setup });
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
        const onMessage = (message: WorkerMessage): void => {
          if (message.type === 'listening') resolve();
          else if (message.type === 'listen-failed') reject(this.listenError(message.code, message.message));
        };
        server.on('message', onMessage);
        server.once('error', (err) =>
          reject(new RunStartError('WORKER_FAILED', `The test could not start: ${err.message}`)),
        );
        server.once('exit', () =>
          reject(
            new RunStartError('WORKER_FAILED', 'The test could not start: its server thread ended.'),
          ),
        );
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
    this.timers.push(setTimeout(() => this.finish('duration'), this.config.durationSec * 1000));
    this.scheduleSample(1);
  }

  private listenError(code: string, message: string): RunStartError {
    const { port, host } = this.config;
    if (code === 'EADDRINUSE') {
      return new RunStartError(
        'PORT_IN_USE',
        `Port ${port} is already in use by another program. Choose another port or close that program.`,
      );
    }
    if (code === 'EACCES') {
      return new RunStartError('LISTEN_FAILED', listenRefusedMessage(port, this.options.system));
    }
    if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') {
      return new RunStartError(
        'LISTEN_FAILED',
        `The address ${host} is not available on this machine${host.includes(':') ? ' (is IPv6 turned off?)' : ''}.`,
      );
    }
    return new RunStartError('LISTEN_FAILED', `Port ${port} could not be opened: ${message}`);
  }

  private post(role: 'server' | 'client', message: RunMessage): void {
    this.workers[role]?.postMessage(message);
  }

  private onMessage(role: 'server' | 'client', message: WorkerMessage): void {
    switch (message.type) {
      case 'errors':
        for (const record of message.records) this.addError(record);
        break;
      case 'finished':
        this.finish(message.reason === 'stopped' ? 'stopped' : message.reason);
        break;
      case 'ready':
        if (role === 'client') this.beginClock();
        break;
      case 'done':
        if (role === 'client') this.clientTimes = { startedAt: message.startedAt, endedAt: message.endedAt };
        this.doneSides.add(role);
        break;
      default:
        break;
    }
  }

  private addError(record: ErrorRecord): void {
    this.errorTotal++;
    this.errorCounts[record.code] = (this.errorCounts[record.code] ?? 0) + 1;
    if (isExhaustion(record)) this.sawExhaustion = true;
    else if (isReset(record)) this.sawReset = true;
    else this.sawOther = true;
    const retention = this.options.errorRetention;
    if (!retention || this.firstErrors.length < retention.first) this.firstErrors.push(record);
    else {
      this.lastErrors.push(record);
      // Trim in chunks so a flood of errors costs O(1) each on average.
      if (this.lastErrors.length >= retention.last * 2)
        this.lastErrors = this.lastErrors.slice(-retention.last);
    }
    this.emit('error-record', record);
  }

  private scheduleSample(second: number): void {
    const due = this.startedPerf + second * 1000 - performance.now();
    this.timers.push(
      setTimeout(
        () => {
          if (this.stopReason) return;
          this.takeSample(second);
          this.scheduleSample(second + 1);
        },
        Math.max(0, due),
      ),
    );
  }

  private takeSample(second: number): void {
    const total = Atomics.load(this.slots, SLOT.CONNECTS) >>> 0;
    const sample: Sample = {
      t: second,
      time: localIsoTime(Date.now()),
      connects: total - this.lastSampleConnects,
      totalConnections: total,
      errors: this.errorTotal - this.lastSampleErrors,
      netstat: this.options.poller?.latest ?? null,
    };
    this.lastSampleConnects = total;
    this.lastSampleErrors = this.errorTotal;
    this.samples.push(sample);
    this.emit('sample', sample);
  }

  /** Live figures; cheap at any pace. */
  progress(): Progress {
    const end = this.endedPerf || performance.now();
    return {
      connections: Atomics.load(this.slots, SLOT.CONNECTS) >>> 0,
      errorTotal: this.errorTotal,
      errorCounts: { ...this.errorCounts },
      ignoredReadErrors: Atomics.load(this.slots, SLOT.IGNORED_READ_ERRORS) >>> 0,
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
    Atomics.store(this.slots, SLOT.STOP, 1);
    for (const slot of [SLOT.CLIENT_CLOSED, SLOT.SERVER_CLOSED, SLOT.BARRIER_SENSE])
      Atomics.notify(this.slots, slot);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
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
    await this.options.poller?.stop();
    this.resolveDone(this.buildResult());
  }

  private alive(): boolean {
    return this.workers.client !== null || this.workers.server !== null;
  }

  private buildResult(): RunResult {
    const reason = this.stopReason ?? 'failed';
    const errors = [
      ...this.firstErrors,
      ...this.lastErrors.slice(-(this.options.errorRetention?.last ?? Infinity)),
    ];
    const connections = Atomics.load(this.slots, SLOT.CONNECTS) >>> 0;
    const ignoredReadErrors = Atomics.load(this.slots, SLOT.IGNORED_READ_ERRORS) >>> 0;
    // The client's own clock around its loop: what connections were made in.
    const elapsedMs = this.clientTimes
      ? this.clientTimes.endedAt - this.clientTimes.startedAt
      : this.startedPerf && this.endedPerf - this.startedPerf;
    // Decided as errors came, since errorRetention may have dropped some: the same order of
    // precedence as classifyOutcome (exhaustion, then reset, then anything else).
    const outcome: RunResult['outcome'] = this.sawExhaustion
      ? 'exhausted'
      : this.sawReset
        ? 'reset'
        : this.sawOther
          ? 'error'
          : 'ok';
    const errorCounts = { ...this.errorCounts };
    const base = {
      outcome,
      connections,
      elapsedMs: Math.max(0, elapsedMs),
      errors,
      errorCounts,
      ignoredReadErrors,
    };
    let summary = summarize(base);
    if (reason === 'failed' && this.failure) summary = `failed: ${this.failure}`;
    else if (reason === 'stopped') summary += ' (stopped early)';
    return {
      mode: this.config.mode,
      config: this.config,
      startedAt: localIsoTime(this.startedAtMs || Date.now()),
      endedAt: localIsoTime(Date.now()),
      ...base,
      summary,
      interrupted: reason === 'stopped',
      stopReason: reason,
      failure: this.failure,
      errorsOmitted: this.errorTotal - errors.length,
      samples: this.samples,
      system: this.options.system,
    };
  }
}
