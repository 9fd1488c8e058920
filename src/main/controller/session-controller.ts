/**
 * Owns one test session at a time (a single run, or a Run all of several modes in turn) and turns
 * the engine's events into what a person watches: a bounded Snapshot about four times a second,
 * however fast connections come, and a RunEnded with the results at the end. Every error goes to the
 * session's run log on disk as it happens, so memory stays bounded in long runs while nothing is
 * lost. Plain Node: the window, the command line and the tests all drive it the same way, and its
 * input is already parsed (the IPC service and the command line parse at their edge).
 *
 * Its parts: the phase (phase.ts: every state change in one place), the engine port
 * (engine-port.ts), Run all's sequence and waits (run-all-sequence.ts), the snapshots
 * (snapshots.ts) and the records on disk (records.ts).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ResultsDocument, RunAllRequest, RunEnded, Snapshot, StartOptions } from '../../shared/contract';
import type { Mode } from '../../shared/modes';
import type { RunResult, SessionConfig, SystemInfo } from '../../shared/types';
import { timeWaitSeconds } from '../engine/machine-facts';
import { DRAIN_GRACE_SECONDS } from '../../shared/run-all-time';
import { ActiveSession } from './active-session';
import {
  ControllerBusyError,
  type ControllerEvents,
  type ControllerOptions,
  type RunHandle,
} from './controller-options';
import type { EnginePort, EngineRun } from './engine-port';
import { ErrorFeed } from './error-feed';
import { silentLogger, type Logger } from '../logger';
import { isBusy, shownState, transition, type Phase, type PhaseEvent, type SavingPhase } from './phase';
import { Records } from './records';
import { resultsDocument } from '../results/documents';
import { runAllModes, waitBefore, type DrainSettings } from './run-all-sequence';
import { refusalNotice } from './refusal';
import { sessionEngine } from './session-engine';
import { buildSnapshot, SnapshotTicker } from './snapshots';

export { runLogFile, type HistoryLike, type RunLogLike } from './records';
export { ControllerBusyError, type ControllerOptions, type RunHandle } from './controller-options';

export class SessionController extends EventEmitter<ControllerEvents> {
  private readonly log: Logger;
  private readonly engine: EnginePort;
  private readonly records: Records;
  private readonly feed: ErrorFeed;
  private readonly ticker: SnapshotTicker;
  private readonly retention: { first: number; last: number };
  private systemInfo: SystemInfo | null = null;
  private phase: Phase = { name: 'idle', refusal: null };
  /** The session under way, or the last one (a refused start leaves it on show); null before the first. */
  private active: ActiveSession | null = null;
  /** The last start was refused because half-connections of an earlier run are still listed. */
  private canWaitToStart = false;

  constructor(private readonly options: ControllerOptions) {
    super();
    this.log = options.logger ?? silentLogger;
    this.engine =
      options.engine ??
      sessionEngine({
        workerPath: options.workerPath,
        netstatWorkerPath: options.netstatWorkerPath,
        createPoller: options.createPoller,
        logger: this.log,
      });
    this.records = new Records({
      dataDir: options.dataDir,
      openRunLog: options.openRunLog,
      history: options.history,
      logger: this.log,
    });
    this.feed = new ErrorFeed(options.newErrorsCap ?? 1000);
    this.retention = options.errorRetention ?? { first: 100, last: 1000 };
    this.ticker = new SnapshotTicker(
      options.snapshotIntervalMs ?? 250,
      (seq) =>
        buildSnapshot(seq, {
          state: shownState(this.phase),
          session: this.active,
          errors: this.feed.take(),
          notice: this.phase.name === 'idle' ? this.phase.refusal : null,
          ended: this.phase.name === 'ended' ? this.phase.status : null,
          canWaitToStart: this.phase.name === 'idle' && this.canWaitToStart,
        }),
      (snapshot) => this.emit('snapshot', snapshot),
    );
  }

  /** True from a start until its results are saved. */
  get busy(): boolean {
    return isBusy(this.phase);
  }

  /** The newest snapshot (at most one tick old): what a window that just opened should show. */
  snapshot(): Snapshot {
    return this.ticker.latest;
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
   * RunStartError or ControllerBusyError) having started nothing. With `waitForDrain`, it first
   * waits (with a countdown, as Run all does) for the half-connections of an earlier run to leave
   * and resolves once accepted: the run starts by itself when the wait is over.
   */
  async start(config: SessionConfig, options?: StartOptions): Promise<RunHandle> {
    if (options?.waitForDrain) return this.startAfterWait(config);
    const previous = this.active;
    const session = this.begin('single', [config.mode]);
    let run: EngineRun;
    try {
      run = await this.launch(session, config);
    } catch (error) {
      await this.refuse(session, error, previous);
      throw error;
    }
    const ended = this.conclude(session, async () => {
      await this.collect(session, run);
      return false;
    });
    return { sessionId: session.id, ended };
  }

  private startAfterWait(config: SessionConfig): Promise<RunHandle> {
    const session = this.begin('single', [config.mode]);
    session.config = config;
    const ended = this.conclude(session, async () => {
      const system = await this.system();
      const waited = await waitBefore(
        { session, move: (event) => this.move(event), drain: this.drainSettings() },
        this.counter(session, config, system),
        null,
        system,
      );
      if (waited.kind === 'aborted' || this.phase.name === 'stopping') return false;
      if (waited.kind === 'timed-out') {
        session.message = `${waited.halfConnections} half-connections were still listed when ${config.mode} started; they may belong to another program.`;
        this.log.warn(session.message);
      }
      let run: EngineRun;
      try {
        // The wait found the table clean (or waited as long as TIME_WAIT lasts): no second check.
        run = await this.launch(session, { ...config, force: true });
      } catch (error) {
        session.message = (error as Error).message;
        this.log.error(`The test could not start after waiting: ${session.message}`, error);
        return true;
      }
      await this.collect(session, run);
      return false;
    });
    return Promise.resolve({ sessionId: session.id, ended });
  }

  private drainSettings(): DrainSettings {
    return {
      timeWaitSeconds: (system) => this.timeWait(system),
      graceSeconds: this.options.drainGraceSeconds ?? DRAIN_GRACE_SECONDS,
      pollMs: this.options.drainPollMs ?? 1000,
    };
  }

  /**
   * Runs each mode in turn, waiting between modes until the previous one's half-connections have
   * drained. Resolves once accepted (the sequence goes on in the background); stop() interrupts it.
   */
  async startRunAll(request: RunAllRequest): Promise<RunHandle> {
    const session = this.begin('run-all', request.modes);
    const ended = this.conclude(session, () =>
      runAllModes(request, {
        session,
        log: this.log,
        stopping: () => this.phase.name === 'stopping',
        move: (event) => this.move(event),
        system: () => this.system(),
        counter: (config, system) => this.counter(session, config, system),
        launch: (config) => this.launch(session, config),
        collect: (run) => this.collect(session, run),
        drain: this.drainSettings(),
      }),
    );
    return { sessionId: session.id, ended };
  }

  /** Run all without a window (the command line): resolves with the results. */
  async runAll(request: RunAllRequest): Promise<ResultsDocument> {
    const handle = await this.startRunAll(request);
    return (await handle.ended).document;
  }

  /** Stops whatever runs and waits until its results are saved. Does nothing when idle. */
  async stop(): Promise<void> {
    const session = this.active;
    if (!session || !this.busy) return;
    const before = this.phase;
    // Unchanged when a stop is already under way, or there is nothing left to stop (saving).
    if (this.move({ type: 'stop' }) !== before) {
      this.log.info(`Stop requested (session ${session.id}).`);
      session.abort.abort();
      session.run?.stop();
    }
    await session.settled;
  }

  /** For quitting: stops cleanly and ends the snapshot ticker. */
  async shutdown(): Promise<void> {
    await this.stop();
    this.ticker.stop();
  }

  /** The one way the phase changes. A new state goes out at once; everything else waits for the tick. */
  private move(event: PhaseEvent): Phase {
    const shown = shownState(this.phase);
    this.phase = transition(this.phase, event);
    if (shownState(this.phase) !== shown) this.ticker.publish();
    return this.phase;
  }

  private begin(kind: ActiveSession['kind'], modes: Mode[]): ActiveSession {
    if (this.busy) throw new ControllerBusyError();
    this.canWaitToStart = false;
    const session = new ActiveSession(kind, modes, this.records.open(randomUUID()));
    this.active = session;
    this.feed.take();
    this.ticker.start();
    this.move({ type: 'start' });
    return session;
  }

  /** Starts the engine for one mode and wires its events. Rejects with the engine's start error. */
  private async launch(session: ActiveSession, config: SessionConfig): Promise<EngineRun> {
    const system = await this.system();
    session.config = config;
    const { record } = session;
    const run = await this.engine.start(config, {
      system,
      counter: this.counter(session, config, system),
      errorRetention: this.retention,
      timeWaitSeconds: this.timeWait(system),
      onError: (error) => {
        this.feed.push(error);
        record.log.appendError(error);
        this.emit('error-record', error);
      },
      onSample: (sample) => {
        record.log.appendSample?.(sample);
        session.addSample(sample);
        this.emit('sample', sample);
      },
    });
    record.beginRun(config, system);
    session.runs(config, run);
    this.log.info(
      `Started ${config.mode} on ${config.host}:${config.port} for ${config.durationSec} s (session ${session.id}).`,
    );
    this.move({ type: 'launched' });
    // A stop that came while the engine was starting.
    if (this.phase.name === 'stopping') run.stop();
    return run;
  }

  /** The session's half-connection counter, made at its first start: every run of it uses one port. */
  private counter(session: ActiveSession, config: SessionConfig, system: SystemInfo) {
    return (session.counter ??= this.engine.counter(config, system));
  }

  private timeWait(system: SystemInfo): number {
    return this.options.timeWaitSeconds ?? timeWaitSeconds(system);
  }

  /** Awaits one mode's end and records it. */
  private async collect(session: ActiveSession, run: EngineRun): Promise<RunResult> {
    const result = await run.done;
    // Counted once more now: the figures on show are the table as the run left it, not as it was
    // at the counter's last poll (which can be from before the ports ran out).
    const counts = await session.counter?.pollOnce().catch(() => null);
    if (counts) session.netstat = counts;
    session.record.log.appendRun(result);
    session.addResult(result);
    if (result.stopReason === 'failed') {
      session.message = result.failure ?? 'The run failed.';
      this.log.error(`${result.mode} failed: ${session.message}`);
    } else {
      this.log.info(`${result.mode} ended (${result.stopReason}): ${result.summary}`);
    }
    this.emit('run-finished', result);
    return result;
  }

  /**
   * Runs the session's body (which answers whether the session failed other than through a run's
   * result), then saves, sends the last snapshot and RunEnded. Never rejects.
   */
  private async conclude(session: ActiveSession, body: () => Promise<boolean>): Promise<RunEnded> {
    let failed: boolean;
    try {
      failed = await body();
    } catch (error) {
      failed = true;
      const what = session.kind === 'run-all' ? 'Run all' : 'The test';
      session.message = `${what} stopped because of an unexpected problem. The log file has the details.`;
      this.log.error(`${what} failed unexpectedly.`, error);
    }
    // Always 'saving' from a phase a session body runs in (transition throws otherwise).
    const { status } = this.move({ type: 'runs-over', runs: session.finished, failed }) as SavingPhase;
    const document = resultsDocument(session.finished, status, await this.system(), this.options.app);
    const kept = await session.record.keep(document);
    session.countdown = null;
    session.message = kept.notSaved ?? session.message ?? kept.logIncomplete;
    this.move({ type: 'saved' });
    this.ticker.stop();
    this.log.info(`Session ${session.id} ended: ${status}, ${session.finished.length} run(s).`);
    const ended: RunEnded = {
      sessionId: session.id,
      document,
      historyId: kept.historyId,
      message: session.message,
    };
    this.emit('run-ended', ended);
    session.settle();
    return ended;
  }

  /**
   * A start that did not happen leaves no session behind, only a message in the snapshot: the
   * session before it (its results and figures) stays on show.
   */
  private async refuse(
    session: ActiveSession,
    error: unknown,
    previous: ActiveSession | null,
  ): Promise<void> {
    await session.record.discard();
    const reason = error instanceof Error ? error.message : String(error);
    this.log.warn(`Start refused: ${reason}`);
    const notice = refusalNotice(error, this.systemInfo ? this.timeWait(this.systemInfo) : null);
    this.canWaitToStart = notice.canWait;
    this.active = previous;
    this.ticker.stop();
    this.move({ type: 'refused', reason: notice.text });
    session.settle();
  }
}
