/**
 * Owns one test session at a time (a single run, or a Run all of several modes in turn) and turns
 * the engine's events into what a person watches: a bounded Snapshot about four times a second,
 * however fast connections come, and a RunEnded with the saved results at the end. Every error goes
 * to the session's run log on disk as it happens, so memory stays bounded in long runs while nothing
 * is lost. Plain Node: the window, the command line and the tests all drive it the same way.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  Countdown,
  ResultsDocument,
  RunAllRequest,
  RunEnded,
  SessionState,
  Snapshot,
} from '../../shared/contract';
import type { Mode } from '../../shared/modes';
import type {
  ErrorRecord,
  NetstatCounts,
  RunResult,
  Sample,
  SessionConfig,
  SystemInfo,
} from '../../shared/types';
import { parseSessionConfig } from '../engine/config';
import { localIsoTime } from '../engine/error-record';
import { timeWaitSeconds } from '../engine/machine-facts';
import { NetstatPoller } from '../engine/netstat/poller';
import { Session, type HalfConnectionPoller, type SessionOptions } from '../engine/session';
import { waitForDrain, type DrainOutcome } from './drain';
import { ErrorFeed } from './error-feed';
import { silentLogger, type Logger } from './logger';
import { resultsDocument, sessionStatus, trimRun } from './results-document';
import { configForMode, parseRunAllRequest } from './run-all-request';
import { HistoryError } from '../results/history';

/** The run log (JSON Lines beside the history): every error as it happens, then each run's result. */
export interface RunLogLike {
  /** Marks where a mode begins, so a log cut short by a crash still tells its runs apart. */
  beginRun?(config: SessionConfig, system: SystemInfo, startedAt: string): void;
  appendError(error: ErrorRecord): void;
  appendSample?(sample: Sample): void;
  appendRun(run: RunResult): void;
  close(): Promise<void> | void;
}

/** Where finished sessions are saved. */
export interface HistoryLike {
  save(document: ResultsDocument): Promise<string> | string;
}

export interface ControllerOptions {
  /** Saved results and run logs live under this folder. */
  dataDir: string;
  /** The engine's worker script (in the packaged app: inside app.asar.unpacked). */
  workerPath?: string;
  /** The netstat poller's worker script, so counting never blocks this thread; without it, polls run here. */
  netstatWorkerPath?: string;
  logger?: Logger;
  /** The machine facts recorded with every result (read once, at the first start). */
  system: SystemInfo | (() => Promise<SystemInfo>);
  app: ResultsDocument['app'];
  /** TIME_WAIT's length, which bounds the wait between modes; by default read from the machine facts. */
  timeWaitSeconds?: number;
  history: HistoryLike;
  openRunLog: (path: string) => RunLogLike;
  /** Starts the engine; Session.start unless another is handed in. */
  startSession?: (config: SessionConfig, options: SessionOptions) => Promise<Session>;
  /** Half-connection counts for the port; null when this machine cannot count them. */
  createPoller?: (config: SessionConfig, system: SystemInfo) => HalfConnectionPoller | null;
  /** 250 ms: about four snapshots a second. */
  snapshotIntervalMs?: number;
  /** How long past TIME_WAIT's length to keep waiting for a drain (5 s). */
  drainGraceSeconds?: number;
  /** How often to count while draining (1 s). */
  drainPollMs?: number;
  /** The most errors one snapshot carries (1,000). */
  newErrorsCap?: number;
  /** Errors kept in memory per run: the first and the last ones (100 and 1,000). */
  errorRetention?: { first: number; last: number };
}

/** A start refused because a session is already under way. */
export class ControllerBusyError extends Error {
  override name = 'ControllerBusyError';
  constructor() {
    super('A test is already running. Stop it before starting another.');
  }
}

export interface RunHandle {
  sessionId: string;
  /** Settles when the session has ended and its results are saved (never rejects). */
  ended: Promise<RunEnded>;
}

interface ControllerEvents {
  snapshot: [Snapshot];
  'run-ended': [RunEnded];
  /** Each mode's result as it finishes (a single run finishes once). */
  'run-finished': [RunResult];
  /** Every error as it happens; listeners must be cheap (10,000+ a second is possible). */
  'error-record': [ErrorRecord];
}

const SAMPLES_IN_SNAPSHOT = 600;

/**
 * A session's run log (every error, as it happened): named after the session while it runs, then
 * after the history id its results were saved under.
 */
export function runLogFile(dataDir: string, name: string): string {
  return join(dataDir, 'runs', `${name}.jsonl`);
}

interface Active {
  id: string;
  kind: 'single' | 'run-all';
  modes: Mode[];
  index: number;
  state: SessionState;
  config: SessionConfig | null;
  /** The running engine, or the last one (its figures stay on show after it ends); null while waiting. */
  engine: Session | null;
  poller: HalfConnectionPoller | null;
  runLog: RunLogLike;
  finished: RunResult[];
  finishedTrimmed: RunResult[];
  samples: Sample[];
  countdown: Countdown | null;
  netstat: NetstatCounts | null;
  message: string | null;
  abort: AbortController;
  stopped: boolean;
  failed: boolean;
  over: boolean;
  ended: Promise<RunEnded>;
  /** Settles once the session is over, whether it ran or its start was refused. */
  settled: Promise<void>;
  settle: () => void;
}

export class SessionController extends EventEmitter<ControllerEvents> {
  private readonly log: Logger;
  private readonly feed: ErrorFeed;
  private readonly retention: { first: number; last: number };
  private systemInfo: SystemInfo | null = null;
  private active: Active | null = null;
  private seq = 0;
  private last: Snapshot;
  private ticker: NodeJS.Timeout | null = null;
  /** Why the last start was refused, shown until the next start. */
  private notice: string | null = null;

  constructor(private readonly options: ControllerOptions) {
    super();
    this.log = options.logger ?? silentLogger;
    this.feed = new ErrorFeed(options.newErrorsCap ?? 1000);
    this.retention = options.errorRetention ?? { first: 100, last: 1000 };
    this.last = this.build();
  }

  /** True from a start until its results are saved. */
  get busy(): boolean {
    return this.active !== null && !this.active.over;
  }

  /** The newest snapshot (at most one tick old): what a window that just opened should show. */
  snapshot(): Snapshot {
    return this.last;
  }

  /** The machine facts results are recorded with. */
  async system(): Promise<SystemInfo> {
    if (!this.systemInfo) {
      const source = this.options.system;
      this.systemInfo = typeof source === 'function' ? await source() : source;
    }
    return this.systemInfo;
  }

  /**
   * Starts one run. Resolves once the engine runs; rejects with a sentence for a person (a
   * ConfigError, SessionStartError or ControllerBusyError) having started nothing.
   */
  async start(raw: SessionConfig): Promise<RunHandle> {
    const config = parseSessionConfig(raw);
    const active = this.begin('single', [config.mode]);
    try {
      await this.launch(active, config);
    } catch (error) {
      await this.abandon(active, error);
      throw error;
    }
    active.ended = this.finishSingle(active);
    return { sessionId: active.id, ended: active.ended };
  }

  /**
   * Runs each mode in turn, waiting between modes until the previous one's half-connections have
   * drained. Resolves once accepted (the sequence goes on in the background); stop() interrupts it.
   */
  async startRunAll(raw: RunAllRequest): Promise<RunHandle> {
    const request = parseRunAllRequest(raw);
    const active = this.begin('run-all', request.modes);
    active.ended = this.runSequence(active, request);
    return { sessionId: active.id, ended: active.ended };
  }

  /** Run all without a window (the command line): resolves with the saved results. */
  async runAll(request: RunAllRequest): Promise<ResultsDocument> {
    const handle = await this.startRunAll(request);
    return (await handle.ended).document;
  }

  /** Stops whatever runs and waits until its results are saved. Does nothing when idle. */
  async stop(): Promise<void> {
    const active = this.active;
    if (!active || active.over) return;
    if (!active.stopped) {
      active.stopped = true;
      this.log.info(`Stop requested (session ${active.id}).`);
      active.abort.abort();
      active.engine?.stop();
      if (active.state === 'running' || active.state === 'waiting' || active.state === 'draining') {
        this.setState(active, 'stopping');
      }
    }
    await active.settled;
  }

  /** For quitting: stops cleanly and ends the snapshot ticker. */
  async shutdown(): Promise<void> {
    await this.stop();
    this.stopTicker();
  }

  private begin(kind: Active['kind'], modes: Mode[]): Active {
    if (this.busy) throw new ControllerBusyError();
    const id = randomUUID();
    mkdirSync(join(this.options.dataDir, 'runs'), { recursive: true });
    const active: Active = {
      id,
      kind,
      modes,
      index: 0,
      state: 'waiting',
      config: null,
      engine: null,
      poller: null,
      runLog: this.options.openRunLog(runLogFile(this.options.dataDir, id)),
      finished: [],
      finishedTrimmed: [],
      samples: [],
      countdown: null,
      netstat: null,
      message: null,
      abort: new AbortController(),
      stopped: false,
      failed: false,
      over: false,
      ended: new Promise<RunEnded>(() => {}),
      settled: Promise.resolve(),
      settle: () => {},
    };
    active.settled = new Promise<void>((resolve) => (active.settle = resolve));
    this.active = active;
    this.notice = null;
    this.feed.take();
    this.startTicker();
    // At once, so the window answers a click before the first tick.
    this.publish();
    return active;
  }

  /** Starts the engine for one mode and wires its events. Rejects with the engine's start error. */
  private async launch(active: Active, config: SessionConfig): Promise<void> {
    const system = await this.system();
    active.config = config;
    active.poller ??= this.createPoller(config, system);
    const start = this.options.startSession ?? ((c, o) => Session.start(c, o));
    const engine = await start(config, {
      workerPath: this.options.workerPath,
      poller: active.poller,
      system,
      errorRetention: this.retention,
      timeWaitSeconds: this.timeWait(system),
    });
    engine.on('error-record', (record) => {
      this.feed.push(record);
      active.runLog.appendError(record);
      this.emit('error-record', record);
    });
    engine.on('sample', (sample) => {
      active.runLog.appendSample?.(sample);
      active.samples.push(sample);
      if (active.samples.length >= SAMPLES_IN_SNAPSHOT * 2)
        active.samples = active.samples.slice(-SAMPLES_IN_SNAPSHOT);
      if (sample.netstat) active.netstat = sample.netstat;
    });
    active.runLog.beginRun?.(config, system, localIsoTime(Date.now()));
    active.engine = engine;
    active.samples = [];
    active.countdown = null;
    this.log.info(
      `Started ${config.mode} on ${config.host}:${config.port} for ${config.durationSec} s (session ${active.id}).`,
    );
    this.setState(active, active.stopped ? 'stopping' : 'running');
    // A stop that came while the engine was starting.
    if (active.stopped) engine.stop();
  }

  private createPoller(config: SessionConfig, system: SystemInfo): HalfConnectionPoller | null {
    if (this.options.createPoller) return this.options.createPoller(config, system);
    try {
      return new NetstatPoller({
        port: config.port,
        host: config.host,
        ephemeralRange: system.ephemeralRange?.value ?? null,
        workerPath: this.options.netstatWorkerPath,
      });
    } catch (error) {
      this.log.warn(`Half-connections cannot be counted: ${(error as Error).message}`);
      return null;
    }
  }

  private timeWait(system: SystemInfo): number {
    return this.options.timeWaitSeconds ?? timeWaitSeconds(system);
  }

  /** Awaits one mode's end and records it. */
  private async collect(active: Active, engine: Session): Promise<RunResult> {
    const result = await engine.done;
    active.runLog.appendRun(result);
    active.finished.push(result);
    active.finishedTrimmed.push(trimRun(result));
    if (result.stopReason === 'failed') {
      active.failed = true;
      active.message = result.failure ?? 'The run failed.';
      this.log.error(`${result.mode} failed: ${active.message}`);
    } else {
      this.log.info(`${result.mode} ended (${result.stopReason}): ${result.summary}`);
    }
    this.emit('run-finished', result);
    return result;
  }

  private async finishSingle(active: Active): Promise<RunEnded> {
    if (active.engine) await this.collect(active, active.engine);
    return this.finalize(active);
  }

  private async runSequence(active: Active, request: RunAllRequest): Promise<RunEnded> {
    this.log.info(
      `Run all started: ${request.modes.join(', ')}, ${request.durationSec} s each, port ${request.port} (session ${active.id}).`,
    );
    let previousEnd: number | null = null;
    try {
      for (let i = 0; i < request.modes.length && !active.stopped; i++) {
        const mode = request.modes[i] as Mode;
        const config = configForMode(request, mode, true);
        active.index = i;
        active.config = config;
        active.engine = null;
        active.samples = [];
        const system = await this.system();
        active.poller ??= this.createPoller(config, system);
        const waited = await this.waitBefore(active, previousEnd, system);
        if (waited.kind === 'aborted' || active.stopped) break;
        if (waited.kind === 'timed-out') {
          active.message = `${waited.halfConnections} half-connections were still listed when ${mode} started; they may belong to another program.`;
          this.log.warn(active.message);
        }
        try {
          await this.launch(active, config);
        } catch (error) {
          active.failed = true;
          active.message = (error as Error).message;
          this.log.error(`Run all could not start ${mode}: ${active.message}`, error);
          break;
        }
        const result = await this.collect(active, active.engine as unknown as Session);
        previousEnd = Date.now();
        if (result.stopReason === 'failed') break;
      }
    } catch (error) {
      active.failed = true;
      active.message = 'Run all stopped because of an unexpected problem. The log file has the details.';
      this.log.error('Run all failed unexpectedly.', error);
    }
    return this.finalize(active);
  }

  /** The countdown before a mode: the previous mode's half-connections leaving, or an earlier run's. */
  private waitBefore(active: Active, previousEnd: number | null, system: SystemInfo): Promise<DrainOutcome> {
    const poller = active.poller;
    const first = previousEnd === null;
    // Before the first mode there is nothing to wait for unless something is listed.
    if (first && !poller) return Promise.resolve({ kind: 'drained' });
    this.setState(active, first ? 'waiting' : 'draining');
    return waitForDrain({
      reason: first ? 'before-start' : 'drain',
      poll: poller ? () => poller.pollOnce() : () => Promise.resolve(null),
      since: previousEnd ?? Date.now(),
      timeWaitSeconds: this.timeWait(system),
      graceSeconds: this.options.drainGraceSeconds ?? 5,
      pollIntervalMs: this.options.drainPollMs ?? 1000,
      // Before the first mode, unreadable counts are no reason to wait: nothing is known to linger.
      waitBlind: !first,
      signal: active.abort.signal,
      onTick: (countdown, counts) => {
        active.countdown = countdown;
        if (counts) active.netstat = counts;
      },
    });
  }

  /** Saves the session's results, sends the last snapshot and RunEnded. Never throws. */
  private async finalize(active: Active): Promise<RunEnded> {
    const status = sessionStatus(active.finished, active.stopped, active.failed);
    const document = resultsDocument(active.finished, status, await this.system(), this.options.app);
    let historyId: string | null = null;
    let message = active.message;
    try {
      await active.runLog.close();
    } catch (error) {
      this.log.error('The run log could not be written in full.', error);
      message ??= error instanceof Error ? error.message : 'The run log could not be written in full.';
    }
    if (active.finished.length > 0) {
      try {
        historyId = await this.options.history.save(document);
        await this.renameRunLog(active.id, historyId);
      } catch (error) {
        this.log.error('The results could not be saved.', error);
        message =
          error instanceof HistoryError
            ? error.message
            : 'The results could not be saved to the history folder. The log file has the details.';
      }
    }
    active.countdown = null;
    active.message = message;
    active.over = true;
    this.setState(active, status === 'failed' ? 'failed' : 'done');
    this.stopTicker();
    this.log.info(`Session ${active.id} ended: ${status}, ${active.finished.length} run(s).`);
    const ended: RunEnded = { sessionId: active.id, document, historyId, message };
    this.emit('run-ended', ended);
    active.settle();
    return ended;
  }

  /** The run log takes the saved results' name, so the diagnostics bundle can find it by history id. */
  private async renameRunLog(sessionId: string, historyId: string): Promise<void> {
    try {
      await rename(runLogFile(this.options.dataDir, sessionId), runLogFile(this.options.dataDir, historyId));
    } catch (error) {
      this.log.warn(`The run log of session ${sessionId} keeps its name: ${(error as Error).message}`);
    }
  }

  /** A start that did not happen leaves no session behind, only a message in the snapshot. */
  private async abandon(active: Active, error: unknown): Promise<void> {
    try {
      await active.runLog.close();
    } catch (closeError) {
      this.log.error('The run log could not be closed.', closeError);
    }
    this.log.warn(`Start refused: ${(error as Error).message}`);
    active.over = true;
    this.active = null;
    this.notice = (error as Error).message;
    this.stopTicker();
    this.publish();
    active.settle();
  }

  private setState(active: Active, state: SessionState): void {
    if (active.state === state) return;
    active.state = state;
    // Transitions go out at once (a handful per run); everything else waits for the tick.
    this.publish();
  }

  private startTicker(): void {
    this.stopTicker();
    this.ticker = setInterval(() => this.publish(), this.options.snapshotIntervalMs ?? 250);
    this.ticker.unref();
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  private publish(): void {
    this.last = this.build();
    this.emit('snapshot', this.last);
  }

  private build(): Snapshot {
    const active = this.active;
    const { errors, skipped } = this.feed.take();
    const progress = active?.engine?.progress();
    const lastSample = active?.samples[active.samples.length - 1];
    return {
      seq: ++this.seq,
      sessionId: active?.id ?? null,
      state: active?.state ?? 'idle',
      mode: active?.config?.mode ?? null,
      config: active?.config ?? null,
      runAll: active?.kind === 'run-all' ? { modes: active.modes, index: active.index } : null,
      elapsedMs: progress ? Math.round(progress.elapsedMs) : 0,
      durationMs: progress?.durationMs ?? (active?.config ? active.config.durationSec * 1000 : 0),
      connections: progress?.connections ?? 0,
      connectsPerSec: progress && lastSample ? lastSample.connects : 0,
      errorTotal: progress?.errorTotal ?? 0,
      errorCounts: progress?.errorCounts ?? {},
      newErrors: errors,
      newErrorsSkipped: skipped,
      netstat: (active?.engine ? (active.poller?.latest ?? null) : null) ?? active?.netstat ?? null,
      samples: active ? active.samples.slice(-SAMPLES_IN_SNAPSHOT) : [],
      countdown: active?.countdown ?? null,
      finished: active ? [...active.finishedTrimmed] : [],
      message: active?.message ?? this.notice,
    };
  }
}
