import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunResult, SessionConfig, SystemInfo } from '../../shared/types';
import { ConfigError, parseSessionConfig } from '../engine/config';
import { readMachineFacts, timeWaitSeconds } from '../engine/machine-facts';
import { NetstatPoller } from '../engine/netstat/poller';
import {
  EmulationError,
  NAMESPACE_ENV,
  WINDOWS_PORT_RANGE,
  emulationUnavailable,
  namespaceCommand,
  parsePortRange,
  prepareNamespace,
} from '../engine/netns';
import { Session, SessionStartError, type HalfConnectionPoller } from '../engine/session';
import { numberFlag, type RunFlags } from './options';
import { PRINTED_ERRORS_LIMIT, errorLine, sampleLine, summaryLines, type Io } from './terminal';
import { UsageError } from './usage';

export interface CliContext {
  io: Io;
  appVersion: string;
  /** The worker file, beside the running command line's bundle. */
  workerPath?: string;
  /** The argv to run this command line again (inside a network namespace). */
  selfArgv: readonly string[];
  /** Makes a poller for the port, where the platform has one. */
  makePoller?: (config: SessionConfig, system: SystemInfo) => HalfConnectionPoller | null;
  /** TIME_WAIT's length on this machine, for the wait message. */
  timeWaitSeconds?: (system: SystemInfo) => number;
}

/** The session settings from the flags; anything wrong is a usage error. */
export function configFromFlags(mode: string, flags: RunFlags): SessionConfig {
  try {
    return parseSessionConfig({
      mode,
      host: flags.host,
      port: numberFlag(flags.port, 'port'),
      durationSec: numberFlag(flags.duration, 'duration', { decimal: true }),
      maxErrors: numberFlag(flags['max-errors'], 'max-errors'),
      connectionLimit: numberFlag(flags.connections, 'connections') ?? null,
      force: flags.force ?? false,
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * --emulate-windows outside the namespace: runs this same command again inside one and answers
 * its exit code; null when no re-run is needed (no flag, or already inside).
 */
export async function runInNamespaceIfAsked(flags: RunFlags, ctx: CliContext): Promise<number | null> {
  if (!flags['emulate-windows']) {
    if (flags['port-range']) throw new UsageError('--port-range goes with --emulate-windows.');
    return null;
  }
  if (process.env[NAMESPACE_ENV]) return null;
  const range = flags['port-range'] ? parsePortRange(flags['port-range']) : WINDOWS_PORT_RANGE;
  const unavailable = emulationUnavailable();
  if (unavailable) throw new UsageError(unavailable);
  const { command, args, env } = namespaceCommand(process.execPath, ctx.selfArgv, range);
  const child = spawn(command, args, { env, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal; when only we are signalled, pass it on.
  const release = ctx.io.onInterrupt(() => child.kill('SIGINT'));
  try {
    return await new Promise<number>((resolve) => {
      child.on('error', (err) => {
        ctx.io.stderr(`Windows emulation could not start: ${err.message}`);
        resolve(2);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 2)));
    });
  } finally {
    release();
  }
}

/**
 * Inside the namespace: set it up before the machine facts are read, so they describe the
 * namespace; answers what to record as the emulation (null outside).
 */
export async function enterNamespaceIfInside(): Promise<string | null> {
  const text = process.env[NAMESPACE_ENV];
  if (!text) return null;
  try {
    return await prepareNamespace(parsePortRange(text));
  } catch (err) {
    if (err instanceof EmulationError) throw new UsageError(err.message);
    throw err;
  }
}

/** The machine facts, read after any namespace is set up. */
export async function machineFactsForRun(ctx: CliContext): Promise<SystemInfo> {
  const emulation = await enterNamespaceIfInside();
  const system = await readMachineFacts({ appVersion: ctx.appVersion });
  if (emulation) system.emulation = emulation;
  return system;
}

/** The poller and TIME_WAIT length the command line runs with: the real ones for this platform. */
export function defaultSessionHelpers(): Pick<CliContext, 'makePoller' | 'timeWaitSeconds'> {
  return {
    makePoller: (config, system) =>
      new NetstatPoller({
        port: config.port,
        host: config.host,
        ephemeralRange: system.ephemeralRange?.value ?? null,
        workerPath: fileURLToPath(new URL('../worker/netstat-worker.js', import.meta.url)),
      }),
    timeWaitSeconds,
  };
}

/** Runs one session, printing like the original program. */
export async function runOneSession(
  config: SessionConfig,
  system: SystemInfo,
  ctx: CliContext,
): Promise<RunResult> {
  const { io } = ctx;
  const poller = ctx.makePoller?.(config, system) ?? null;
  const session = await Session.start(config, {
    system,
    workerPath: ctx.workerPath,
    poller,
    timeWaitSeconds: ctx.timeWaitSeconds?.(system),
  });
  let printed = 0;
  session.on('sample', (sample) => io.stdout(sampleLine(sample)));
  session.on('error-record', (record) => {
    printed++;
    if (printed <= PRINTED_ERRORS_LIMIT) io.stdout(errorLine(record));
    else if (printed === PRINTED_ERRORS_LIMIT + 1) {
      io.stdout(`(more errors are counted and saved, not printed)`);
    }
  });
  const release = io.onInterrupt(() => {
    io.stderr('Stopping…');
    session.stop();
  });
  try {
    return await session.done;
  } finally {
    release();
  }
}

/** `socketclosetest <mode> [options]`. */
export async function runModeCommand(
  mode: string,
  flags: RunFlags,
  ctx: CliContext,
): Promise<{ code: number; result: RunResult | null }> {
  const config = configFromFlags(mode, flags);
  const outer = await runInNamespaceIfAsked(flags, ctx);
  if (outer !== null) return { code: outer, result: null };
  const system = await machineFactsForRun(ctx);
  ctx.io.stdout(
    `${config.mode}: connecting to ${config.host}:${config.port} for ${config.durationSec} s` +
      (system.emulation ? ` (${system.emulation})` : ''),
  );
  const result = await runOneSession(config, system, ctx);
  for (const line of summaryLines(result)) ctx.io.stdout(line);
  return { code: result.interrupted ? 130 : 0, result };
}

export { SessionStartError };
