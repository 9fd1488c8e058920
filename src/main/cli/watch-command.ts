/**
 * `socketclosetest watch [--interval S] [--json FILE] [--csv FILE] [--once]`: this computer's own
 * programs, every interval: which destination is running out of ephemeral ports, which program
 * holds them, and how long until connects fail. The polls run on the watch's own thread (the
 * Watcher); this file turns its flags into one, prints each poll and appends it to the files.
 */
import type { WatchPoll } from '../../shared/watch';
import { UserError, messageOf } from '../user-error';
import { Watcher, type WatcherOptions } from '../watch/watcher';
import { watchCsvHeader, watchCsvRows } from '../watch/watch-csv';
import { OutputError, checkTargets } from './results-output';
import { interruptExitCode, type Io } from './terminal';
import { FileSink, StdoutSink, type PollSink } from './watch-files';
import { WATCH_USAGE, parseWatchFlags, type WatchFlags } from './watch-options';
import { watchText } from './watch-terminal';

/** What the watch needs from a Watcher (the real one, or another in tests). */
export interface WatcherLike {
  on(event: 'poll', listener: (poll: WatchPoll) => void): unknown;
  pollOnce(): Promise<WatchPoll>;
  start(): void;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface WatchContext {
  io: Io;
  /** The watch's worker file, beside the running command line's bundle. */
  workerPath?: string;
  /** Whether standard output / standard error is a terminal (then the block redraws in place). */
  isTerminal?: (stream: 'stdout' | 'stderr') => boolean;
  /** The terminal's width, when it is one. */
  columns?: (stream: 'stdout' | 'stderr') => number | undefined;
  /** Bytes standard output has not passed on yet (a slow reader of `--json -`). */
  stdoutBacklog?: () => number;
  /** Calls `listener` once standard output is closed (the reader of `--json -` ended, like `| head`). */
  onStdoutClosed?: (listener: () => void) => void;
  /** Another watcher than the real one (tests). */
  createWatcher?: (options: WatcherOptions) => WatcherLike;
}

/** Refuses, before anything is watched, output files that clash or cannot be written. */
async function checkWatchTargets(flags: WatchFlags): Promise<void> {
  const json = flags.json !== null && flags.json !== '-' ? flags.json : undefined;
  const csv = flags.csv !== null && flags.csv !== '-' ? flags.csv : undefined;
  // Markdown stands for the CSV here: the run's --csv would also claim a samples file beside it.
  try {
    await checkTargets({ json, markdown: csv });
  } catch (error) {
    if (error instanceof OutputError && error.message.includes('--markdown'))
      throw new OutputError(`--json and --csv would both write ${json}: choose different files.`);
    throw error;
  }
}

/** Text that ends its last line (empty stays empty). */
function endLine(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\r\n`;
}

/** Runs the command; answers the exit code. Bad usage and unwritable files reject with a UserError. */
export async function runWatchCommand(argv: readonly string[], ctx: WatchContext): Promise<number> {
  const { io } = ctx;
  const flags = parseWatchFlags(argv);
  if (flags.help) {
    io.stdout(WATCH_USAGE);
    return 0;
  }
  await checkWatchTargets(flags);

  const toStdout = flags.json === '-' || flags.csv === '-';
  const humanStream = toStdout ? 'stderr' : 'stdout';
  const human = toStdout ? io.stderr : io.stdout;
  // Not while the lines go to standard output: on a terminal they and the text share one screen,
  // and a redraw would wipe them (`watch --json - | jq` shows jq's output there).
  const redraw = !flags.once && !toStdout && (ctx.isTerminal?.(humanStream) ?? false);
  const width = redraw ? Math.max(60, Math.min(ctx.columns?.(humanStream) ?? 80, 120)) : 80;

  let finish: (code: number) => void = () => undefined;
  let finished = false;
  const ended = new Promise<number>((resolve) => {
    finish = (code) => {
      if (finished) return;
      finished = true;
      resolve(code);
    };
  });
  const failures: string[] = [];
  const stoppedWriting = (sentence: string): string =>
    `${sentence} The watch stopped; the polls before it are in the file.`;
  const fileFailed = (sentence: string): void => {
    failures.push(stoppedWriting(sentence));
    finish(2);
  };

  const sinks: { sink: PollSink; line: (poll: WatchPoll) => string }[] = [];
  const lagging = new Set<PollSink>();
  try {
    if (flags.json !== null) {
      const sink =
        flags.json === '-'
          ? new StdoutSink(io.stdout, ctx.stdoutBacklog)
          : await FileSink.create(flags.json, { onFailure: fileFailed });
      sinks.push({ sink, line: (poll) => `${JSON.stringify(poll)}\n` });
    }
    if (flags.csv !== null) {
      const header = endLine(watchCsvHeader());
      const sink =
        flags.csv === '-'
          ? new StdoutSink(io.stdout, ctx.stdoutBacklog)
          : await FileSink.create(flags.csv, { header, onFailure: fileFailed });
      if (flags.csv === '-') sink.append(header);
      sinks.push({ sink, line: (poll) => endLine(watchCsvRows(poll)) });
    }
  } catch (error) {
    await Promise.all(sinks.map(({ sink }) => sink.close()));
    throw error instanceof UserError ? error : new OutputError((error as Error).message);
  }

  // A reader that has all it wanted (`watch --json - | head -n 5`) ends the watch, as it ends any
  // command that writes into a pipe.
  if (toStdout) ctx.onStdoutClosed?.(() => finish(0));

  const record = (poll: WatchPoll): void => {
    if (finished) return;
    try {
      writePoll(poll);
    } catch (error) {
      // The watcher emits from its own loop: a throw here would end the process with a stack trace.
      failures.push(messageOf(error));
      finish(2);
    }
  };
  const writePoll = (poll: WatchPoll): void => {
    for (const { sink, line } of sinks) {
      const text = line(poll);
      if (!text) continue;
      if (sink.append(text)) lagging.delete(sink);
      else if (sink.failure === null && !lagging.has(sink)) {
        lagging.add(sink);
        io.stderr(`Writing to ${sink.name} cannot keep up: polls are left out of it until it catches up.`);
      }
    }
    human(watchText(poll, { redraw, width }));
  };

  const createWatcher = ctx.createWatcher ?? ((options: WatcherOptions) => new Watcher(options));
  let code = 0;
  let watcher: WatcherLike;
  try {
    watcher = createWatcher({ intervalMs: flags.intervalMs, workerPath: ctx.workerPath });
  } catch (error) {
    await Promise.all(sinks.map(({ sink }) => sink.close()));
    throw error;
  }
  // Also during --once: a netstat that takes long on a busy Windows machine can be stopped too.
  const release = io.onInterrupt((signal) => {
    if (!finished) io.stderr('Stopping…');
    finish(interruptExitCode(signal));
  });
  try {
    if (flags.once) {
      // A signal may end it first: the poll under way still ends before the thread does.
      watcher.pollOnce().then(
        (poll) => {
          record(poll);
          finish(poll.error ? 2 : 0);
        },
        (error: unknown) => {
          failures.push(messageOf(error));
          finish(2);
        },
      );
      code = await ended;
    } else {
      watcher.on('poll', record);
      watcher.start();
      code = await ended;
    }
  } finally {
    release();
    await watcher.close();
    await Promise.all(sinks.map(({ sink }) => sink.close()));
  }
  // A failure while closing (the last writes) also ends the watch as one that failed.
  for (const { sink } of sinks) {
    const failure = sink.failure === null ? null : stoppedWriting(sink.failure);
    if (failure !== null && !failures.includes(failure)) failures.push(failure);
  }
  for (const failure of failures) io.stderr(failure);
  for (const { sink } of sinks) {
    if (sink.dropped > 0)
      io.stderr(
        `${sink.dropped} poll${sink.dropped === 1 ? ' was' : 's were'} left out of ${sink.name}: writing could not keep up.`,
      );
    if (sink instanceof FileSink && sink.failure === null) human(`watch written to ${sink.name}`);
  }
  return failures.length > 0 ? 2 : code;
}
