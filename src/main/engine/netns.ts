/**
 * "Emulate Windows" on Linux: the session runs in a fresh network namespace whose ephemeral port
 * range is Windows' (49152-65535) and whose TIME_WAIT reuse is off, so client-side TIME_WAIT
 * exhausts the ports on the real Linux kernel as it does on Windows.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { PortRange } from '../../shared/types';
import { UserError } from '../user-error';

const run = promisify(execFile);

export const WINDOWS_PORT_RANGE: PortRange = { start: 49152, end: 65535, count: 16384 };

/** Set in the environment of the process started inside the namespace. */
export const NAMESPACE_ENV = 'SOCKETCLOSETEST_NETNS_RANGE';

export class EmulationError extends UserError {
  override name = 'EmulationError';
}

export function parsePortRange(text: string): PortRange {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  const start = match ? Number(match[1]) : NaN;
  const end = match ? Number(match[2]) : NaN;
  if (!match || start < 1024 || end > 65535 || end < start) {
    throw new EmulationError(
      `A port range must look like 49152-65535, from 1024 to 65535, start before end (got "${text}").`,
    );
  }
  return { start, end, count: end - start + 1 };
}

/** Why emulation cannot run here, or null when it can. */
export function emulationUnavailable(platform = process.platform): string | null {
  if (platform !== 'linux')
    return 'Windows emulation needs Linux network namespaces; on this system run the test as it is.';
  if (spawnSync('unshare', ['--version']).error)
    return 'Windows emulation needs the "unshare" command (package util-linux).';
  if (spawnSync('ip', ['-V']).error) return 'Windows emulation needs the "ip" command (package iproute2).';
  return null;
}

/**
 * The command that runs `argv` (a node script and its arguments) inside a new network namespace.
 * As root a plain network namespace; otherwise inside a user namespace where we are root.
 */
export function namespaceCommand(
  nodePath: string,
  argv: readonly string[],
  range: PortRange,
): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return {
    command: 'unshare',
    args: [...(isRoot ? ['--net'] : ['--net', '--map-root-user']), '--', nodePath, ...argv],
    env: { ...process.env, [NAMESPACE_ENV]: `${range.start}-${range.end}` },
  };
}

/** Inside the namespace: loopback up, Windows' port range, TIME_WAIT reuse off; checked after. */
export async function prepareNamespace(range: PortRange): Promise<string> {
  try {
    await run('ip', ['link', 'set', 'lo', 'up']);
    await writeFile('/proc/sys/net/ipv4/ip_local_port_range', `${range.start} ${range.end}\n`);
    await writeFile('/proc/sys/net/ipv4/tcp_tw_reuse', '0\n');
    const [got, reuse] = await Promise.all([
      readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'),
      readFile('/proc/sys/net/ipv4/tcp_tw_reuse', 'utf8'),
    ]);
    const [start, end] = got.trim().split(/\s+/).map(Number);
    if (start !== range.start || end !== range.end || reuse.trim() !== '0') {
      throw new Error(`the namespace kept port range ${got.trim()} and tcp_tw_reuse ${reuse.trim()}`);
    }
  } catch (err) {
    throw new EmulationError(
      `The network namespace for Windows emulation could not be set up (${(err as Error).message}). ` +
        'It needs root, or unprivileged user namespaces.',
    );
  }
  return `Windows emulation: Linux network namespace with ports ${range.start}-${range.end} and tcp_tw_reuse 0`;
}
