/**
 * socketclosetest: the command line. The same engine as the app, for scripts and CI.
 */
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../../package.json';
import { isMode } from '../../shared/modes';
import { workerPaths } from '../engine/worker-paths';
import { parseRunFlags } from './options';
import { runNetstatCommand } from './netstat-command';
import { runCompareCommand } from './compare-command';
import { runExplainCommand } from './explain-command';
import { runWatchCommand, type WatchContext } from './watch-command';
import { runModeCommand, type CliContext } from './run-command';
import { targetsFrom, writeRunOutputs } from './outputs';
import { OutputError, checkTargets } from './results-output';
import { runAllCommand } from './all-command';
import { USAGE, UsageError } from './usage';
import { hintOf, messageOf } from '../user-error';
import { interruptExitCode, interruptSignals, type InterruptSignal, type Io } from './terminal';

const processIo: Io = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  onInterrupt(handler) {
    let count = 0;
    const listener = (signal: InterruptSignal): void => {
      // A second signal means "now": results already written stay, nothing else is waited for.
      if (++count > 1) process.exit(interruptExitCode(signal));
      handler(signal);
    };
    const signals = interruptSignals();
    for (const signal of signals) process.on(signal, listener);
    return () => {
      for (const signal of signals) process.off(signal, listener);
    };
  },
};

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const workers = workerPaths(dirname(fileURLToPath(import.meta.url)));
  const ctx: CliContext = {
    io,
    appVersion: packageJson.version,
    workerPath: workers.engine,
    netstatWorkerPath: workers.netstat,
    selfArgv: [fileURLToPath(import.meta.url), ...argv],
  };
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      io.stdout(packageJson.version);
      return 0;
    }
    if (command === 'netstat') return await runNetstatCommand(rest, io);
    if (command === 'compare') return await runCompareCommand(rest, io);
    if (command === 'explain') return runExplainCommand(rest, io);
    if (command === 'watch') return await runWatchCommand(rest, watchContext(io, workers.watch));
    if (command !== 'all' && !isMode(command)) {
      throw new UsageError(`Unknown mode or command "${command}".`);
    }
    const { flags, positionals } = parseRunFlags(rest);
    if (flags.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
    await checkTargets({ ...targetsFrom(flags), runLog: flags['run-log'] });
    if (command === 'all') {
      const { code, doc } = await runAllCommand(flags, ctx);
      if (doc) await writeAndTell(() => writeRunOutputs(doc, flags, { single: false }), io);
      return code;
    }
    if (flags.modes) throw new UsageError('--modes goes with "all".');
    const { code, doc } = await runModeCommand(command, flags, ctx);
    if (doc) await writeAndTell(() => writeRunOutputs(doc, flags, { single: true }), io);
    return code;
  } catch (err) {
    return reportFailure(err, io);
  }
}

/** The watch's terminal facts come from the real streams only when it writes to them. */
function watchContext(io: Io, workerPath: string): WatchContext {
  if (io !== processIo) return { io, workerPath };
  return {
    io,
    workerPath,
    isTerminal: (stream) => Boolean(process[stream].isTTY),
    columns: (stream) => process[stream].columns,
    stdoutBacklog: () => process.stdout.writableLength,
    onStdoutClosed: (listener) => process.stdout.once('error', listener),
  };
}

/** Names each file written, also those written beside one that failed (then it rethrows). */
async function writeAndTell(write: () => Promise<string[]>, io: Io): Promise<void> {
  let written: string[];
  try {
    written = await write();
  } catch (err) {
    if (err instanceof OutputError) for (const path of err.written) io.stdout(`results written to ${path}`);
    throw err;
  }
  for (const path of written) io.stdout(`results written to ${path}`);
}

/** Every failure ends as a sentence and exit code 2; never a stack trace. */
function reportFailure(err: unknown, io: Io): number {
  const hint = hintOf(err);
  io.stderr(hint ? `${messageOf(err)}\n${hint}` : messageOf(err));
  return 2;
}

/**
 * Whether Node was asked to run this file, rather than a test importing it. Node loads the file by
 * its real path while argv[1] keeps the path it was given, which differs through a symlink or a
 * junction (npm link, a global install): so both are compared as real paths.
 */
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(fileURLToPath(import.meta.url)) === realpathSync(script);
  } catch {
    return false;
  }
}

/**
 * Ends the process once stdout and stderr are flushed. Into a pipe Node writes them
 * asynchronously, so exiting at once cut a long report off at the pipe's 64 KiB; the explicit exit
 * after the flush keeps a stray timer or worker from holding the process open.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let streams = 2;
  const flushed = (): void => {
    if (--streams === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

if (invokedDirectly()) {
  // A closed terminal (after a hang-up) or a closed pipe fails the writes to it; the run still
  // stops and writes its results files, so those failures are not fatal.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  main(process.argv.slice(2)).then(exitWhenFlushed, (err: unknown) => {
    process.stderr.write(`${messageOf(err)}\n`);
    exitWhenFlushed(2);
  });
}
