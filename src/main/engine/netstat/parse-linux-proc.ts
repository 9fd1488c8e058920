/**
 * /proc/net/tcp and /proc/net/tcp6, read straight from the bytes: tens of thousands of rows per
 * poll, so no per-row strings, splits or regular expressions. A row:
 * `   0: 0100007F:9C40 0100007F:C154 06 00000000:00000000 ...`: the address in hex (8 digits for
 * IPv4, 32 for IPv6), the port as 4 big-endian hex digits, then the state in hex.
 */
import type { Family, RowSink } from './count';
import type { ParseReport } from './parse-report';
import { PROC_STATES } from './states';

/** Hex digit values by char code; -1 for anything else (the watch's /proc reader reads with it too). */
export const HEX = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[65 + i] = 10 + i;
    table[97 + i] = 10 + i;
  }
  return table;
})();

const SPACE = 32;
const COLON = 58;
const NEWLINE = 10;

/**
 * Counts the rows of one table. The family comes from the address width, so a capture holding both
 * files one after the other is read correctly too.
 */
export function parseLinuxProc(bytes: Uint8Array, counter: RowSink): ParseReport {
  const report: ParseReport = { rows: 0, skipped: 0, header: false };
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    let end = bytes.indexOf(NEWLINE, i);
    if (end === -1) end = length;
    const parsed = parseRow(bytes, i, end, counter);
    if (parsed) report.rows++;
    else if (isHeader(bytes, i, end)) report.header = true;
    else if (!isBlank(bytes, i, end)) report.skipped++;
    i = end + 1;
  }
  return report;
}

/** Reads one row into the counter; false (and nothing counted) when the line is not a row. */
function parseRow(b: Uint8Array, from: number, to: number, counter: RowSink): boolean {
  let i = from;
  while (i < to && b[i] === SPACE) i++;
  // The slot number, then ':'.
  const slot = i;
  while (i < to && HEX[b[i]!]! >= 0) i++;
  if (i === slot || b[i] !== COLON) return false;
  i++;
  while (i < to && b[i] === SPACE) i++;
  const localStart = i;
  while (i < to && HEX[b[i]!]! >= 0) i++;
  const width = i - localStart;
  if ((width !== 8 && width !== 32) || b[i] !== COLON) return false;
  const local = hex4(b, i + 1, to);
  if (local < 0) return false;
  i += 5;
  if (b[i] !== SPACE) return false;
  while (i < to && b[i] === SPACE) i++;
  const peerStart = i;
  while (i < to && HEX[b[i]!]! >= 0) i++;
  if (i - peerStart !== width || b[i] !== COLON) return false;
  const peer = hex4(b, i + 1, to);
  if (peer < 0) return false;
  i += 5;
  if (b[i] !== SPACE) return false;
  while (i < to && b[i] === SPACE) i++;
  if (i + 2 > to) return false;
  const hi = HEX[b[i]!]!;
  const lo = HEX[b[i + 1]!]!;
  if (hi < 0 || lo < 0) return false;
  const family: Family = width === 8 ? 4 : 6;
  counter.add(local, peer, PROC_STATES[(hi << 4) | lo]!, family);
  return true;
}

/** Four hex digits at `at` (a big-endian port); -1 if not. */
function hex4(b: Uint8Array, at: number, to: number): number {
  if (at + 4 > to) return -1;
  const a = HEX[b[at]!]!;
  const c = HEX[b[at + 1]!]!;
  const d = HEX[b[at + 2]!]!;
  const e = HEX[b[at + 3]!]!;
  if ((a | c | d | e) < 0) return -1;
  return (a << 12) | (c << 8) | (d << 4) | e;
}

/** The header names its columns: `sl  local_address rem_address   st ...`. */
function isHeader(b: Uint8Array, from: number, to: number): boolean {
  let i = from;
  while (i < to && b[i] === SPACE) i++;
  return b[i] === 115 && b[i + 1] === 108 && b[i + 2] === SPACE; // "sl "
}

function isBlank(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== SPACE && b[i] !== 13 && b[i] !== 9) return false;
  return true;
}
