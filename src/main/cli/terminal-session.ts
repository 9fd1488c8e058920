/**
 * One session from the command line (a single mode, or all) on the window's own controller, so
 * both keep what the app keeps: each run's first and last errors with exact counts in memory, and
 * every error in a run log on disk, whatever the flood. The terminal gets the original program's
 * lines as they happen. Nothing goes to the app's history: the command line writes the files it
 * is asked for, and keeps the run log only when the results could not hold every error. A run
 * killed before its end leaves its temporary folder (socketclosetest-… in the system's temp
 * folder) behind, with the run log in it, runs/<session>.jsonl: `compare` and the window's
 * Import read that file as an interrupted run.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultsDocument } from '../../shared/contract';
import { formatCount } from '../../shared/outcome';
import type { SystemInfo } from '../../shared/types';
import type { EnginePort } from '../controller/engine-port';
import { runLogFile } from '../controller/records';
import { sessionEngine } from '../controller/session-engine';
import { SessionController, type RunHandle } from '../controller/session-controller';
import { writeFileAtomic } from '../results/atomic-write';
import { describeWriteError } from '../results/fs-messages';
import { RunLog } from '../results/run-log';
import { APP_NAME } from '../results/documents';
import {
  PRINTED_ERRORS_LIMIT,
  errorLine,
  sampleLine,
  summaryLines,
  type InterruptSignal,
  type Io,
} from './terminal';

export interface TerminalSessionContext {
  io: Io;
  appVersion: string;
  /** The engine's worker file, beside the running command line's bundle. */
  workerPath?: string;
  /** The netstat poller's worker file, likewise. */
  netstatWorkerPath?: string;
  /** Another engine than the real one (tests). */
  engine?: EnginePort;
}

/**
 * Runs the session `begin` starts and answers its results, with the signal that stopped it if one
 * did. Ctrl-C (or a hang-up, or a kill) stops it; the results of what ran are still answered.
 * Rejects, having run nothing, when `begin` does (a port in use, say).
 */
export async function runOnTerminal(
  ctx: TerminalSessionContext,
  system: SystemInfo,
  begin: (controller: SessionController) => Promise<RunHandle>,
  { announceModes = false, runLogTo }: { announceModes?: boolean; runLogTo?: string } = {},
): Promise<{ doc: ResultsDocument; stoppedBy: InterruptSignal | null }> {
  const { io } = ctx;
  const dataDir = await mkdtemp(join(tmpdir(), 'socketclosetest-'));
  const controller = new SessionController({
    dataDir,
    system,
    app: { name: APP_NAME, version: ctx.appVersion },
    openRunLog: (path) => new RunLog(path),
    engine:
      ctx.engine ?? sessionEngine({ workerPath: ctx.workerPath, netstatWorkerPath: ctx.netstatWorkerPath }),
  });
  printAsItGoes(controller, io, announceModes);
  let stoppedBy: InterruptSignal | null = null;
  const release = io.onInterrupt((signal) => {
    stoppedBy ??= signal;
    io.stderr('Stopping…');
    void controller.stop();
  });
  let keepRunLog = false;
  try {
    const handle = await begin(controller);
    const { document, message } = await handle.ended;
    // A run's own failure is already in its summary lines.
    if (message && !document.runs.some((run) => run.failure === message)) io.stderr(message);
    const runLog = runLogFile(dataDir, handle.sessionId);
    const saved = runLogTo !== undefined && (await saveRunLog(runLog, runLogTo, io));
    const omitted = document.runs.reduce((sum, run) => sum + run.errorsOmitted, 0);
    // Kept in the temp folder only when it holds what is nowhere else.
    keepRunLog = !saved && (runLogTo !== undefined || omitted > 0);
    if (omitted > 0) {
      io.stdout(
        `${formatCount(omitted)} errors are not in the results, which keep each run's first and last ones; ` +
          `every error is in the run log ${saved ? runLogTo : runLog}`,
      );
    }
    return { doc: document, stoppedBy };
  } finally {
    release();
    await controller.shutdown();
    if (!keepRunLog) await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * --run-log: the session's log copied to where it was asked for, streamed (it may hold millions
 * of errors) and atomically. Answers whether it was; if not, the sentence why is printed.
 */
async function saveRunLog(from: string, to: string, io: Io): Promise<boolean> {
  try {
    await writeFileAtomic(to, createReadStream(from));
    io.stdout(`run log written to ${to}`);
    return true;
  } catch (error) {
    io.stderr(`${describeWriteError(error, to)} The run log stays at ${from}`);
    return false;
  }
}

/** Each second's line, each error (up to a limit), each run's summary, and Run all's progress. */
function printAsItGoes(controller: SessionController, io: Io, announceModes: boolean): void {
  let errors = 0;
  controller.on('error-record', (record) => {
    errors++;
    if (errors <= PRINTED_ERRORS_LIMIT) io.stdout(errorLine(record));
    else if (errors === PRINTED_ERRORS_LIMIT + 1)
      io.stdout('(more errors are counted and saved, not printed)');
  });
  controller.on('sample', (sample) => io.stdout(sampleLine(sample)));
  controller.on('run-finished', (run) => {
    for (const line of summaryLines(run)) io.stdout(line);
  });
  let announced = -1;
  let lastCountdown = '';
  controller.on('snapshot', (snapshot) => {
    const index = snapshot.runAll?.index ?? 0;
    if (announceModes && snapshot.state === 'running' && snapshot.mode && index !== announced) {
      announced = index;
      io.stdout(`${snapshot.mode}: running`);
    }
    const c = snapshot.countdown;
    // A countdown line every 5 seconds, not four times a second.
    const line =
      c && c.halfConnections > 0
        ? `waiting for ${c.halfConnections} half-connections to drain before the next mode: about ${Math.ceil(c.remainingSec / 5) * 5} s left`
        : '';
    if (line && line !== lastCountdown) io.stdout(line);
    lastCountdown = line;
  });
}
