/**
 * What a session leaves on disk, and where: its run log (every error as it happens, then each
 * run's result: JSON Lines under <dataDir>/runs) and, when the controller keeps a history, the
 * saved results. The run log is named after the session while it runs and after the history id
 * once the results are saved, so the diagnostics bundle finds it by that id.
 */
import { mkdirSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultsDocument } from '../../shared/contract';
import type { ErrorRecord, RunResult, Sample, SessionConfig, SystemInfo } from '../../shared/types';
import { localIsoTime } from '../engine/error-record';
import { HistoryError } from '../results/history';
import { writeFailureReason } from '../results/fs-messages';
import type { Logger } from '../logger';

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

/** A session's run log: named `name` (the session id, then the history id) in `dataDir`. */
export function runLogFile(dataDir: string, name: string): string {
  return join(dataDir, 'runs', `${name}.jsonl`);
}

export interface RecordsOptions {
  dataDir: string;
  openRunLog: (path: string) => RunLogLike;
  /** Without one, nothing is saved: the results are the caller's (the command line writes its own files). */
  history?: HistoryLike | null;
  logger: Logger;
}

/** How a session's records ended. Problems are sentences for a person; the log has the details. */
export interface Kept {
  /** The id the results were saved under; null when there is no history, no run, or saving failed. */
  historyId: string | null;
  /** Where the run log is now. */
  runLog: string;
  /** Why the results were not saved, when they should have been. */
  notSaved: string | null;
  /** Why the run log is not complete. */
  logIncomplete: string | null;
}

/** Opens each session's records. */
export class Records {
  constructor(private readonly options: RecordsOptions) {}

  /** The session's records; its run log is opened by the first line written to it, not before. */
  open(sessionId: string): SessionRecord {
    return new SessionRecord(this.options, sessionId);
  }
}

export class SessionRecord {
  private opened: RunLogLike | null = null;

  constructor(
    private readonly options: RecordsOptions,
    readonly sessionId: string,
  ) {}

  /**
   * Appends go straight here: they are on the hot path. Opened on first use, so a start that is
   * refused (or a Run all stopped before its first mode) leaves no empty log behind.
   */
  get log(): RunLogLike {
    if (!this.opened) {
      mkdirSync(join(this.options.dataDir, 'runs'), { recursive: true });
      this.opened = this.options.openRunLog(runLogFile(this.options.dataDir, this.sessionId));
    }
    return this.opened;
  }

  beginRun(config: SessionConfig, system: SystemInfo): void {
    this.log.beginRun?.(config, system, localIsoTime(Date.now()));
  }

  /**
   * Closes the run log, saves the results (if there is a history and any run) and renames the log
   * after them. Never throws.
   */
  async keep(document: ResultsDocument): Promise<Kept> {
    const kept: Kept = {
      historyId: null,
      runLog: runLogFile(this.options.dataDir, this.sessionId),
      notSaved: null,
      logIncomplete: await this.close(),
    };
    const history = this.options.history;
    if (!history || document.runs.length === 0) return kept;
    try {
      kept.historyId = await history.save(document);
    } catch (error) {
      this.options.logger.error('The results could not be saved.', error);
      kept.notSaved = this.notSavedMessage(error, kept);
      return kept;
    }
    if (!this.opened) return kept;
    const named = runLogFile(this.options.dataDir, kept.historyId);
    try {
      await rename(kept.runLog, named);
      kept.runLog = named;
    } catch (error) {
      this.options.logger.warn(
        `The run log of session ${this.sessionId} keeps its name: ${(error as Error).message}`,
      );
    }
    return kept;
  }

  /** For a start that did not happen: nothing is saved, and a log opened on the way is deleted. */
  async discard(): Promise<void> {
    if (!this.opened) return;
    await this.close();
    await unlink(runLogFile(this.options.dataDir, this.sessionId)).catch(() => undefined);
  }

  /**
   * Why the results were not saved, with the precise reason (the disk is full, say) and what is
   * kept instead: the run log, which the next start recovers into the history.
   */
  private notSavedMessage(error: unknown, kept: Kept): string {
    const reason =
      error instanceof HistoryError
        ? error.message
        : `The results could not be saved to the history folder: ${
            writeFailureReason(error) ?? 'the log file has the details'
          }.`;
    if (!this.opened) return reason;
    return kept.logIncomplete === null
      ? `${reason} Every error is still in the run log ${kept.runLog}.`
      : `${reason} The run log ${kept.runLog} keeps what could be written: ${kept.logIncomplete}`;
  }

  /** Answers why the log is not complete, or null. */
  private async close(): Promise<string | null> {
    if (!this.opened) return null;
    try {
      await this.opened.close();
      return null;
    } catch (error) {
      this.options.logger.error('The run log could not be written in full.', error);
      return error instanceof Error ? error.message : 'The run log could not be written in full.';
    }
  }
}
