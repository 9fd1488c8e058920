import { spawn } from 'node:child_process';
import type { ResultsDocument } from '../../shared/contract';
import type { SessionConfig, SystemInfo } from '../../shared/types';
import { ConfigError, parseSessionConfig } from '../engine/config';
import { readMachineFacts } from '../engine/machine-facts';
import {
  EmulationError,
  NAMESPACE_ENV,
  WINDOWS_PORT_RANGE,
  emulationUnavailable,
  namespaceCommand,
  parsePortRange,
  prepareNamespace,
} from '../engine/netns';
import { numberFlag, type RunFlags } from './options';
import { interruptExitCode } from './terminal';
import { runOnTerminal, type TerminalSessionContext } from './terminal-session';
import { UsageError } from './usage';

export interface CliContext extends TerminalSessionContext {
  /** The argv to run this command line again (inside a network namespace). */
  selfArgv: readonly string[];
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
  // In a process group of its own, so a terminal's Ctrl-C or hang-up reaches the child once,
  // passed on from here, rather than twice (a second signal would mean "stop now").
  const child = spawn(command, args, { env, stdio: 'inherit', detached: true });
  const release = ctx.io.onInterrupt((signal) => child.kill(signal));
  try {
    return await new Promise<number>((resolve) => {
      child.on('error', (err) => {
        ctx.io.stderr(`Windows emulation could not start: ${err.message}`);
        resolve(2);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? interruptExitCode(signal) : 2)));
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

/** `socketclosetest <mode> [options]`: one run, through the same controller as the window's Start. */
export async function runModeCommand(
  mode: string,
  flags: RunFlags,
  ctx: CliContext,
): Promise<{ code: number; doc: ResultsDocument | null }> {
  const config = configFromFlags(mode, flags);
  const outer = await runInNamespaceIfAsked(flags, ctx);
  if (outer !== null) return { code: outer, doc: null };
  const system = await machineFactsForRun(ctx);
  ctx.io.stdout(
    `${config.mode}: connecting to ${config.host}:${config.port} for ${config.durationSec} s` +
      (system.emulation ? ` (${system.emulation})` : ''),
  );
  const { doc, stoppedBy } = await runOnTerminal(ctx, system, (controller) => controller.start(config), {
    runLogTo: flags['run-log'],
  });
  return { code: doc.runs[0]?.interrupted ? interruptExitCode(stoppedBy ?? 'SIGINT') : 0, doc };
}
