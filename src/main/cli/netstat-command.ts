/**
 * `netstat --port P [--host H] [--json] [--input FILE --format F]`: the half-connections of one
 * port, on this machine now, or in a capture someone sent from another machine.
 */
import { parseArgs } from 'node:util';
import type { HalfCounts, NetstatCounts, PortRange } from '../../shared/types';
import { TCP_STATES } from '../../shared/types';
import { readMachineFacts } from '../engine/machine-facts';
import { clip } from '../results/clip';
import { FileReadError, readBounded, type ReadProblem } from '../results/read-bounded';
import { formatMegabytes } from '../results/results-file-error';
import { UserError } from '../user-error';
import { CAPTURE_FORMATS, NetstatPoller, countCapture, type CaptureFormat } from '../engine/netstat/poller';

export interface NetstatIo {
  /** One line (or block) of output. */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const NETSTAT_USAGE = `Usage: socketclosetest netstat --port P [--host 127.0.0.1|::1] [--json]
       socketclosetest netstat --port P --input FILE --format windows|linux-proc|linux-ss|macos [--json]

Counts the half-connections of port P: the server half (local port P, listeners left out) and the
client half (peer port P), by TCP state, and the ephemeral ports held.
  --input FILE   read a capture instead of this machine's table: the output of "netstat -an"
                 (Windows, macOS), "ss -tan", or the file /proc/net/tcp (Linux)
  --format F     the capture's format
  --json         print the counts as JSON`;

/** The usual ephemeral range of the machine a capture came from (its own may differ). */
const DEFAULT_RANGES: Record<CaptureFormat, PortRange> = {
  windows: { start: 49152, end: 65535, count: 16384 },
  macos: { start: 49152, end: 65535, count: 16384 },
  'linux-proc': { start: 32768, end: 60999, count: 28232 },
  'linux-ss': { start: 32768, end: 60999, count: 28232 },
};

/** Bad usage of the netstat command, answered there with a pointer to its own options. */
export class BadUsage extends UserError {
  override name = 'BadUsage';
}

/**
 * The largest capture read: a Windows table of every port of a busy machine, saved as UTF-16, is
 * a few tens of megabytes. Without a limit, --input /dev/zero read until memory ran out.
 */
export const MAX_CAPTURE_BYTES = 64 * 1024 * 1024;

const FILE_ERRORS: Record<Exclude<ReadProblem, 'unreadable'>, string> = {
  missing: 'there is no such file',
  folder: 'it is a folder, not a file',
  'not-a-file': 'it is not a regular file (it is a device, a pipe or a socket)',
  'too-large': `it is larger than ${formatMegabytes(MAX_CAPTURE_BYTES)}, too large for a capture`,
};

/** Runs the command; answers the exit code: 0, 1 when the table cannot be read here, 2 for bad usage. */
export async function runNetstatCommand(argv: string[], io: NetstatIo): Promise<number> {
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      io.stdout(NETSTAT_USAGE);
      return 0;
    }
    const port = parsePort(flags.port);
    let counts: NetstatCounts;
    let rangeNote = '';
    if (flags.input !== undefined) {
      const format = parseFormat(flags.format);
      if (flags.host !== undefined)
        throw new BadUsage('--host is for this machine; a capture is read whole.');
      // Named whole: a path the system could open is at most a few thousand characters.
      const input = flags.input;
      const bytes = await readBounded(flags.input, { limit: MAX_CAPTURE_BYTES, source: input }).catch(
        (error: unknown) => {
          if (!(error instanceof FileReadError)) throw error;
          throw new BadUsage(
            error.reason === 'unreadable'
              ? error.message
              : `Cannot read ${input}: ${FILE_ERRORS[error.reason]}.`,
          );
        },
      );
      try {
        counts = countCapture(bytes, format, port, { ephemeralRange: DEFAULT_RANGES[format] });
      } catch (error) {
        throw new BadUsage(`${input}: ${(error as Error).message}`);
      }
      rangeNote = `; the usual range ${DEFAULT_RANGES[format].start}-${DEFAULT_RANGES[format].end} assumed`;
    } else {
      if (flags.format !== undefined) throw new BadUsage('--format goes with --input.');
      const host = flags.host ?? '127.0.0.1';
      if (host !== '127.0.0.1' && host !== '::1')
        throw new BadUsage(`--host must be 127.0.0.1 or ::1, not "${clip(host)}".`);
      const facts = await readMachineFacts({ appVersion: '' });
      const poller = new NetstatPoller({ port, host, ephemeralRange: facts.ephemeralRange?.value ?? null });
      const live = await poller.pollOnce();
      if (!live) {
        io.stderr(poller.lastError ?? 'Connections cannot be counted on this machine.');
        return 1;
      }
      counts = live;
    }
    io.stdout(flags.json ? JSON.stringify(counts, null, 2) : describeCounts(port, counts, rangeNote));
    return 0;
  } catch (error) {
    if (!(error instanceof BadUsage)) throw error;
    io.stderr(error.message);
    io.stderr('Run "socketclosetest netstat --help" for the options.');
    return 2;
  }
}

function parseFlags(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        json: { type: 'boolean' },
        input: { type: 'string', short: 'i' },
        format: { type: 'string', short: 'f' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (positionals.length > 0) throw new BadUsage(`Unexpected argument "${clip(positionals[0]!)}".`);
    return values;
  } catch (error) {
    if (error instanceof BadUsage) throw error;
    // parseArgs' own messages name the option; keep their first sentence.
    throw new BadUsage((error as Error).message.split('. ')[0]!.replace(/\.?$/, '.'));
  }
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) throw new BadUsage('--port is required, e.g. --port 40000.');
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65535))
    throw new BadUsage(`--port must be a whole number from 1 to 65535, not "${clip(raw)}".`);
  return port;
}

function parseFormat(raw: string | undefined): CaptureFormat {
  if (raw === undefined) throw new BadUsage(`--input needs --format: ${CAPTURE_FORMATS.join(', ')}.`);
  if (!(CAPTURE_FORMATS as readonly string[]).includes(raw)) {
    throw new BadUsage(`--format must be one of ${CAPTURE_FORMATS.join(', ')}, not "${clip(raw)}".`);
  }
  return raw as CaptureFormat;
}

/** The seed's wording for the two totals, then the states that are not zero. */
export function describeCounts(port: number, counts: NetstatCounts, rangeNote = ''): string {
  const lines = [
    `Port ${port}, from ${counts.source} (${counts.pollMs} ms)`,
    `server connections: ${counts.server.total}${states(counts.server)}`,
    `client connections: ${counts.client.total}${states(counts.client)}`,
  ];
  if (counts.ephemeralHeld !== null && counts.ephemeralSize !== null) {
    const share =
      counts.ephemeralSize > 0 ? Math.round((100 * counts.ephemeralHeld) / counts.ephemeralSize) : 0;
    lines.push(
      `ephemeral ports held: ${counts.ephemeralHeld} of ${counts.ephemeralSize} (${share}%${rangeNote})`,
    );
  }
  return lines.join('\n');
}

function states(half: HalfCounts): string {
  const parts = TCP_STATES.filter((s) => half.byState[s] > 0).map((s) => `${s} ${half.byState[s]}`);
  return parts.length ? `  (${parts.join(', ')})` : '';
}
