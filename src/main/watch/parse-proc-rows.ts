/**
 * The rows of /proc/net/tcp and /proc/net/tcp6, read from the bytes into columns kept between
 * polls: 100,000 rows per poll, so no per-row strings, splits, regular expressions or objects.
 * A row: `   0: 0100007F:9C40 0100007F:C154 06 00000000:00000000 00:00000000 00000000  1000  0 12345 ...`
 * (slot, local address:port, remote address:port, state, queues, timer, retransmits, uid, timeout,
 * inode). Addresses become ids in a ProcAddresses cache; the owner is found later from the inode.
 */
import { HEX } from '../engine/netstat/parse-linux-proc';
import type { ProcAddresses } from './proc-addresses';

const SPACE = 32;
const COLON = 58;
const NEWLINE = 10;

/** The rows of one poll, column by column; the arrays grow and are kept for the next poll. */
export class ProcRows {
  length = 0;
  family = new Uint8Array(1024);
  localAddress = new Int32Array(1024);
  localPort = new Uint16Array(1024);
  remoteAddress = new Int32Array(1024);
  remotePort = new Uint16Array(1024);
  /** The kernel's state number (include/net/tcp_states.h). */
  state = new Uint8Array(1024);
  /** The socket's inode; 0 for TIME_WAIT and request sockets, which no process holds. */
  inode = new Float64Array(1024);

  clear(): void {
    this.length = 0;
  }

  /** Room for one more row. */
  reserve(): number {
    const at = this.length;
    if (at === this.family.length) this.grow(at * 2);
    return at;
  }

  private grow(size: number): void {
    const grown = <T extends Uint8Array | Int32Array | Uint16Array | Float64Array>(from: T): T => {
      const to = new (from.constructor as new (n: number) => T)(size);
      to.set(from);
      return to;
    };
    this.family = grown(this.family);
    this.localAddress = grown(this.localAddress);
    this.localPort = grown(this.localPort);
    this.remoteAddress = grown(this.remoteAddress);
    this.remotePort = grown(this.remotePort);
    this.state = grown(this.state);
    this.inode = grown(this.inode);
  }
}

/** Appends the rows of one table (either file) to `rows`; returns how many lines were not rows. */
export function parseProcRows(bytes: Uint8Array, rows: ProcRows, addresses: ProcAddresses): number {
  let skipped = 0;
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    // A row is read up to its inode; the rest of its line (timers, pointers) is skipped in this
    // loop: finding each line's end with indexOf first cost a native call per row.
    const from = i;
    const parsed = parseRow(bytes, i, length, rows, addresses);
    if (parsed < 0) {
      const end = lineEnd(bytes, from, length);
      if (!isHeaderOrBlank(bytes, from, end)) skipped++;
      i = end + 1;
    } else {
      i = lineEnd(bytes, parsed, length) + 1;
    }
  }
  return skipped;
}

function lineEnd(b: Uint8Array, i: number, length: number): number {
  while (i < length && b[i] !== NEWLINE) i++;
  return i;
}

/** Reads one row into `rows`; returns where it stopped reading (after the inode), or -1 when the line is not a row. */
function parseRow(b: Uint8Array, from: number, to: number, rows: ProcRows, addresses: ProcAddresses): number {
  let i = skipSpaces(b, from, to);
  const slot = i;
  while (i < to && HEX[b[i]!]! >= 0) i++;
  if (i === slot || b[i] !== COLON) return -1;
  i = skipSpaces(b, i + 1, to);
  // Local address: 8 hex digits (IPv4) or 32 (IPv6), then ':' and a 4-digit port. The hex
  // digits are checked as they are read (in addressId), not scanned first.
  const local = i;
  const width = b[i + 8] === COLON ? 8 : b[i + 32] === COLON ? 32 : 0;
  if (width === 0 || i + 2 * width + 16 > to) return -1;
  i += width;
  const localPort = hex(b, i + 1, 4, to);
  if (localPort < 0 || b[i + 5] !== SPACE) return -1;
  const remote = i + 6;
  i = remote + width;
  if (b[i] !== COLON) return -1;
  const remotePort = hex(b, i + 1, 4, to);
  if (remotePort < 0 || b[i + 5] !== SPACE) return -1;
  const state = hex(b, i + 6, 2, to);
  if (state < 0) return -1;
  // The kernel writes the next fields at fixed widths (" %08X:%08X %02X:%08lX %08X": queues, timer,
  // retransmits), then the uid and the timeout, right-aligned but as wide as their digits.
  i += 8 + 39;
  if (b[i] !== SPACE) return -1;
  for (let field = 0; field < 2; field++) {
    i = skipSpaces(b, i, to);
    while (i < to && b[i] !== SPACE && b[i] !== NEWLINE) i++;
  }
  i = skipSpaces(b, i, to);
  let inode = 0;
  const digits = i;
  for (; i < to && b[i]! >= 48 && b[i]! <= 57; i++) inode = inode * 10 + (b[i]! - 48);
  if (i === digits) return -1;

  const localId = addressId(b, local, width, addresses);
  const remoteId = addressId(b, remote, width, addresses);
  if (localId < 0 || remoteId < 0) return -1;
  const at = rows.reserve();
  rows.family[at] = width === 8 ? 4 : 6;
  rows.localAddress[at] = localId;
  rows.localPort[at] = localPort;
  rows.remoteAddress[at] = remoteId;
  rows.remotePort[at] = remotePort;
  rows.state[at] = state;
  rows.inode[at] = inode;
  rows.length = at + 1;
  return i;
}

/** The address's id; -1 when its digits are not all hex (the row is then not read). */
function addressId(b: Uint8Array, at: number, width: number, addresses: ProcAddresses): number {
  if (width === 8) {
    const value = hex(b, at, 8, at + 8);
    return value < 0 ? -1 : addresses.v4(value);
  }
  const w0 = hex(b, at, 8, at + 8);
  const w1 = hex(b, at + 8, 8, at + 16);
  const w2 = hex(b, at + 16, 8, at + 24);
  const w3 = hex(b, at + 24, 8, at + 32);
  if (w0 < 0 || w1 < 0 || w2 < 0 || w3 < 0) return -1;
  return addresses.v6(w0, w1, w2, w3);
}

/** `count` hex digits at `at` as an unsigned number; -1 when they are not all hex digits. */
function hex(b: Uint8Array, at: number, count: number, to: number): number {
  if (at + count > to) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = HEX[b[i]!]!;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function skipSpaces(b: Uint8Array, i: number, to: number): number {
  while (i < to && b[i] === SPACE) i++;
  return i;
}

/** The header (`  sl  local_address ...`) and blank lines are not rows and not unreadable either. */
function isHeaderOrBlank(b: Uint8Array, from: number, to: number): boolean {
  const i = skipSpaces(b, from, to);
  if (i === to || b[i] === 13) return true;
  return b[i] === 115 && b[i + 1] === 108 && b[i + 2] === SPACE; // "sl "
}
