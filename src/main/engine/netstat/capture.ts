/**
 * Counting a capture of netstat, ss or /proc/net/tcp from any machine: what `netstat --input`
 * reads, so a user can send their table from a machine where the app does not run.
 */
import { performance } from 'node:perf_hooks';
import type { NetstatCounts, PortRange } from '../../../shared/types';
import { TableCounter } from './count';
import { decodeTable, hasByteOrderMark } from './decode';
import { parseLinuxProc } from './parse-linux-proc';
import { parseLinuxSs } from './parse-linux-ss';
import { parseMacos } from './parse-macos';
import type { ParseReport } from './parse-report';
import { parseWindows } from './parse-windows';

export type CaptureFormat = 'windows' | 'linux-proc' | 'linux-ss' | 'macos';
export const CAPTURE_FORMATS: readonly CaptureFormat[] = ['windows', 'linux-proc', 'linux-ss', 'macos'];

const FORMAT_NAMES: Record<CaptureFormat, string> = {
  windows: 'Windows "netstat -an"',
  'linux-proc': 'Linux /proc/net/tcp',
  'linux-ss': 'Linux "ss -tan"',
  macos: 'macOS "netstat -an"',
};

export interface CaptureOptions {
  /** The capturing machine's ephemeral range, for ephemeralHeld/ephemeralSize. */
  ephemeralRange?: PortRange | null;
}

/**
 * Parse a capture (for `netstat --input`); throws an Error with a clear message on unusable text.
 * Every address family in the capture counts. Bytes of a Windows capture are read as the OEM code
 * page 850 unless they carry a byte-order mark or are valid UTF-8.
 */
export function countCapture(
  text: string | Buffer,
  format: CaptureFormat,
  port: number,
  options: CaptureOptions = {},
): NetstatCounts {
  if (!CAPTURE_FORMATS.includes(format)) {
    throw new Error(`Unknown capture format "${String(format)}": use ${CAPTURE_FORMATS.join(', ')}.`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`The port must be a whole number from 1 to 65535, not ${port}.`);
  }
  const started = performance.now();
  const counter = new TableCounter(port, options.ephemeralRange ?? null);
  let report: ParseReport;
  if (format === 'linux-proc') {
    report = parseLinuxProc(
      typeof text === 'string' || hasByteOrderMark(text) ? procBytes(text) : text,
      counter,
    );
  } else {
    const decoded =
      typeof text === 'string' ? { text, stateName: (token: string) => token } : decodeTable(text);
    if (format === 'windows') report = parseWindows(decoded.text, decoded.stateName, counter);
    else if (format === 'linux-ss') report = parseLinuxSs(decoded.text, counter);
    else report = parseMacos(decoded.text, counter);
  }
  if (report.rows === 0 && !report.header) {
    throw new Error(
      `This is not ${FORMAT_NAMES[format]} output: no connection rows or column header were found.`,
    );
  }
  return counter.result(round(performance.now() - started), `${FORMAT_NAMES[format]} capture`);
}

/** /proc text is ASCII: one byte per character, whatever it was saved as. */
function procBytes(text: string | Buffer): Buffer {
  return Buffer.from(typeof text === 'string' ? text : decodeTable(text).text, 'latin1');
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
