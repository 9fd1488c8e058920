/**
 * A controller on a fake engine, a run log and a history in memory: every phase change and failure
 * path in milliseconds (with vitest's fake timers), where the real engine needs seconds of sockets.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEnded, Snapshot } from '../../../src/shared/contract';
import type {
  ErrorRecord,
  NetstatCounts,
  RunResult,
  SessionConfig,
  StopReason,
} from '../../../src/shared/types';
import type {
  EnginePort,
  EngineRun,
  HalfConnectionPoller,
  Progress,
  RunContext,
} from '../../../src/main/controller/engine-port';
import { SessionController, type ControllerOptions } from '../../../src/main/controller/session-controller';
import type { HistoryLike, RunLogLike } from '../../../src/main/controller/records';
import { linuxMachine } from '../../fixtures/results/factory';

export class FakeRun implements EngineRun {
  readonly done: Promise<RunResult>;
  stopCalls = 0;
  private finish!: (result: RunResult) => void;
  private ended = false;
  private connections = 0;
  private errorTotal = 0;
  private readonly errorCounts: Record<string, number> = {};
  /** The errors kept, as the engine keeps them: the first ones and the last ones. */
  private readonly first: ErrorRecord[] = [];
  private readonly last: ErrorRecord[] = [];

  constructor(
    readonly config: SessionConfig,
    readonly context: RunContext,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** As the engine does: a stop ends the run soon after, interrupted. */
  stop(): void {
    this.stopCalls++;
    if (!this.ended) queueMicrotask(() => this.end('stopped'));
  }

  progress(): Progress {
    return {
      connections: this.connections,
      errorTotal: this.errorTotal,
      errorCounts: { ...this.errorCounts },
      ignoredReadErrors: 0,
      elapsedMs: 0,
      durationMs: this.config.durationSec * 1000,
    };
  }

  error(record: ErrorRecord): void {
    this.errorTotal++;
    this.errorCounts[record.code] = (this.errorCounts[record.code] ?? 0) + 1;
    const keep = this.context.errorRetention;
    if (this.first.length < keep.first) this.first.push(record);
    else if (this.last.push(record) > keep.last) this.last.shift();
    this.context.onError(record);
  }

  second(t: number, connects: number, netstat: NetstatCounts | null = null): void {
    this.connections += connects;
    const totalConnections = this.connections;
    this.context.onSample({ t, time: `t${t}`, connects, totalConnections, errors: 0, netstat });
  }

  end(stopReason: StopReason = 'duration', failure: string | null = null): void {
    if (this.ended) return;
    this.ended = true;
    const errors = [...this.first, ...this.last];
    this.finish({
      mode: this.config.mode,
      config: this.config,
      startedAt: '2026-11-24T07:18:00.000+01:00',
      endedAt: '2026-11-24T07:18:01.000+01:00',
      connections: this.connections,
      elapsedMs: 1000,
      outcome: errors.length ? 'error' : 'ok',
      summary: failure ? `failed: ${failure}` : 'ok',
      interrupted: stopReason === 'stopped',
      stopReason,
      failure,
      errors,
      errorsOmitted: this.errorTotal - errors.length,
      errorCounts: { ...this.errorCounts },
      ignoredReadErrors: 0,
      samples: [],
      system: this.context.system,
    });
  }
}

/** A start the test answers: `launch()` or `refuse(error)`. */
export interface PendingStart {
  config: SessionConfig;
  launch(): FakeRun;
  refuse(error: Error): void;
}

export class FakeCounter implements HalfConnectionPoller {
  latest: NetstatCounts | null = null;
  polls = 0;
  /** What each poll answers in turn; the last answer repeats. A function may throw. */
  constructor(private readonly answers: (NetstatCounts | null | (() => NetstatCounts | null))[]) {}
  pollOnce(): Promise<NetstatCounts | null> {
    const next = this.answers.length > 1 ? this.answers.shift() : this.answers[0];
    this.polls++;
    try {
      this.latest = typeof next === 'function' ? next() : (next ?? null);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return Promise.resolve(this.latest);
  }
  start(): void {}
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

export class FakeEngine implements EnginePort {
  readonly runs: FakeRun[] = [];
  readonly pending: PendingStart[] = [];
  /** Starts wait for the test (see `pending`) instead of launching at once. */
  holdStarts = false;
  /** The next start is refused with this. */
  refuseNext: Error | null = null;
  counterToGive: FakeCounter | null = null;

  start(config: SessionConfig, context: RunContext): Promise<EngineRun> {
    return new Promise((resolve, reject) => {
      const start: PendingStart = {
        config,
        launch: () => {
          const run = new FakeRun(config, context);
          this.runs.push(run);
          resolve(run);
          return run;
        },
        refuse: reject,
      };
      const refusal = this.refuseNext;
      this.refuseNext = null;
      if (refusal) reject(refusal);
      else if (this.holdStarts) this.pending.push(start);
      else start.launch();
    });
  }

  counter(): HalfConnectionPoller | null {
    return this.counterToGive;
  }

  get lastRun(): FakeRun {
    const run = this.runs.at(-1);
    if (!run) throw new Error('No run has started.');
    return run;
  }
}

export function counts(server: number, client = 0): NetstatCounts {
  const half = (total: number) => ({ total, byState: { TIME_WAIT: total } }) as NetstatCounts['server'];
  return {
    server: half(server),
    client: half(client),
    ephemeralHeld: null,
    ephemeralSize: null,
    pollMs: 1,
    source: 'fake',
  };
}

/** A run log in memory; `failClose` makes its close fail as a full disk would. */
export class MemoryRunLog implements RunLogLike {
  readonly lines: string[] = [];
  closed = false;
  failClose: Error | null = null;
  constructor(readonly path: string) {}
  beginRun(config: SessionConfig): void {
    this.lines.push(`begin ${config.mode}`);
  }
  appendError(error: ErrorRecord): void {
    this.lines.push(`error ${error.code}`);
  }
  appendSample(): void {
    this.lines.push('sample');
  }
  appendRun(run: RunResult): void {
    this.lines.push(`run ${run.mode}`);
  }
  close(): void {
    this.closed = true;
    if (this.failClose) throw this.failClose;
  }
}

/** A history in memory; `save` may be replaced to fail or to hold. */
export class MemoryHistory implements HistoryLike {
  readonly saved: Parameters<HistoryLike['save']>[0][] = [];
  save: HistoryLike['save'] = (document) => {
    this.saved.push(document);
    return `h${this.saved.length}`;
  };
}

export interface Faked {
  controller: SessionController;
  dataDir: string;
  engine: FakeEngine;
  history: MemoryHistory;
  runLogs: MemoryRunLog[];
  snapshots: Snapshot[];
  /** The state of each snapshot, repeats left out. */
  states(): string[];
  ended: RunEnded[];
  logged: string[];
}

export function fakeController(overrides: Partial<ControllerOptions> = {}): Faked {
  const engine = new FakeEngine();
  const history = new MemoryHistory();
  const runLogs: MemoryRunLog[] = [];
  const logged: string[] = [];
  // Only the runs folder is made there (the run logs are in memory): one folder serves every test.
  const dataDir = join(tmpdir(), 'sct-fake-engine');
  const controller = new SessionController({
    dataDir,
    engine,
    system: linuxMachine(),
    app: { name: 'SocketCloseTest', version: '0.0.0-test' },
    history,
    openRunLog: (path) => {
      const log = new MemoryRunLog(path);
      runLogs.push(log);
      return log;
    },
    timeWaitSeconds: 60,
    logger: {
      info: (m) => logged.push(`info ${m}`),
      warn: (m) => logged.push(`warn ${m}`),
      error: (m) => logged.push(`error ${m}`),
    },
    ...overrides,
  });
  const snapshots: Snapshot[] = [];
  const ended: RunEnded[] = [];
  controller.on('snapshot', (s) => snapshots.push(s));
  controller.on('run-ended', (e) => ended.push(e));
  const states = () =>
    snapshots.map((s) => s.state as string).filter((state, i, all) => state !== all[i - 1]);
  return { controller, dataDir, engine, history, runLogs, snapshots, states, ended, logged };
}
