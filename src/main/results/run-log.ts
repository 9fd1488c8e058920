/**
 * The session's run log: an append-only JSON Lines file that receives every error as it happens
 * and each run's result as it ends. It is the one record that survives a crash or a kill, and it
 * holds every error even when the results in memory keep only the first and last ones.
 *
 * Appends are cheap (one JSON.stringify into a buffer) so 10,000+ errors a second cost little;
 * the buffer goes to disk at least every 250 ms, sooner when it grows past 1 MB, and on close.
 * A write failure never throws into the caller's hot path: it is kept and reported by close().
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Mode } from '../../shared/modes';
import type { ErrorRecord, RunResult, Sample, SessionConfig, SystemInfo } from '../../shared/types';
import { describeWriteError } from './fs-messages';

export const RUN_LOG_KIND = 'socketclosetest-run-log';

/** One line of the log. */
export type RunLogLine =
  | { type: 'open'; kind: typeof RUN_LOG_KIND; version: 1; openedAt: number }
  | { type: 'begin'; mode: Mode; config: SessionConfig; system: SystemInfo; startedAt: string }
  | { type: 'error'; error: ErrorRecord }
  | { type: 'sample'; sample: Sample }
  | { type: 'run'; run: RunResult }
  | { type: 'end'; closedAt: number };

export interface RunLogOptions {
  /** How often buffered lines go to disk at most (250 ms). */
  flushMs?: number;
  /** Buffered size that triggers a write before the timer (1 MB). */
  flushBytes?: number;
}

export class RunLog {
  readonly path: string;
  private readonly handle: Promise<FileHandle | null>;
  private pending: string[] = [];
  private pendingChars = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly flushBytes: number;
  private failure: Error | null = null;
  private closed: Promise<void> | null = null;

  /** Opens (or continues) the log at `file`; the folder must exist. Never throws: see close(). */
  constructor(file: string, options: RunLogOptions = {}) {
    this.path = file;
    this.flushBytes = options.flushBytes ?? 1024 * 1024;
    this.handle = open(file, 'a').catch((error: unknown) => {
      this.fail(error);
      return null;
    });
    this.push({ type: 'open', kind: RUN_LOG_KIND, version: 1, openedAt: Date.now() });
    this.timer = setInterval(() => this.flush(), options.flushMs ?? 250);
    // The log never keeps a process alive; close() writes whatever is left.
    this.timer.unref();
  }

  /** Marks the start of a run, so errors that follow can be tied to their mode even after a crash. */
  beginRun(config: SessionConfig, system: SystemInfo, startedAt: string): void {
    this.push({ type: 'begin', mode: config.mode, config, system, startedAt });
  }

  appendError(error: ErrorRecord): void {
    this.push({ type: 'error', error });
  }

  /** One second's figures: what lets a crashed run's connection count be recovered. */
  appendSample(sample: Sample): void {
    this.push({ type: 'sample', sample });
  }

  appendRun(run: RunResult): void {
    this.push({ type: 'run', run });
  }

  /** Writes what is buffered now (the timer does this by itself); resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.pending.length === 0) return this.writing;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.writing = this.writing.then(async () => {
      const handle = await this.handle;
      if (!handle || this.failure) return;
      try {
        await handle.writeFile(text);
      } catch (error) {
        this.fail(error);
      }
    });
    return this.writing;
  }

  /** Writes the rest and closes the file. Rejects, with a sentence, if any part of the log could not be written. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.push({ type: 'end', closedAt: Date.now() });
      clearInterval(this.timer);
      await this.flush();
      const handle = await this.handle;
      if (handle) {
        await handle.sync().catch(() => undefined);
        await handle.close().catch((error: unknown) => this.fail(error));
      }
      if (this.failure) throw this.failure;
    })();
    return this.closed;
  }

  private push(line: RunLogLine): void {
    if (this.closed && line.type !== 'end') return;
    const text = `${JSON.stringify(line)}\n`;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= this.flushBytes) void this.flush();
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = new Error(describeWriteError(error, this.path));
  }
}
