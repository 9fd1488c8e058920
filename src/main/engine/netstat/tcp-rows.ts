/**
 * The part of reading a netstat table that every netstat reader shares: which lines are TCP rows,
 * which are the header, and the two ports of each row. What a reader does with a row (count it,
 * or name its addresses and owner) is its own.
 */
import { portOf } from './address';
import { fieldIs, fieldStartsWith, forEachLine, splitFields, type Fields } from './fields';
import type { ParseReport } from './parse-report';

/** Where a tool puts a TCP row's protocol and addresses. */
export interface TcpColumns {
  /** The protocol token of a TCP row, and of a UDP row (not ours, but not unreadable either). */
  tcp: string;
  udp: string;
  /** Whether the token only starts with `tcp`: macOS says tcp4, tcp6, tcp46. */
  prefixed: boolean;
  /** Field index of the local address; the peer's is the next one. */
  local: number;
  /** The character before the port: ':' or '.' as a char code. */
  separator: number;
}

/** `  TCP    127.0.0.1:40000        127.0.0.1:50123        TIME_WAIT` (`[::1]:40000` for IPv6). */
export const WINDOWS_COLUMNS: TcpColumns = {
  tcp: 'TCP',
  udp: 'UDP',
  prefixed: false,
  local: 1,
  separator: 58,
};

/** `tcp4 0 0 127.0.0.1.40000 127.0.0.1.52341 TIME_WAIT`: the port follows the last dot. */
export const MACOS_COLUMNS: TcpColumns = { tcp: 'tcp', udp: 'udp', prefixed: true, local: 3, separator: 46 };

/**
 * Calls `row(n, localPort, peerPort)` for each TCP row of text whose two addresses have ports, with
 * the row's `n` fields in `fields`; marks the header and counts skipped lines in `report`.
 */
export function forEachTcpRow(
  text: string,
  columns: TcpColumns,
  fields: Fields,
  report: ParseReport,
  row: (n: number, localPort: number, peerPort: number) => void,
): void {
  const { starts, ends } = fields;
  const { tcp, udp, prefixed, local, separator } = columns;
  const peer = local + 1;
  const isProtocol = (from: number, to: number, word: string): boolean =>
    prefixed ? fieldStartsWith(text, from, to, word) : fieldIs(text, from, to, word);
  forEachLine(text, (from, to) => {
    const n = splitFields(text, from, to, fields);
    if (n === 0) return;
    const s0 = starts[0]!;
    const e0 = ends[0]!;
    if (!isProtocol(s0, e0, tcp)) {
      // Every language's header starts with "Proto"; UDP rows (netstat without -p) are not ours.
      if (fieldIs(text, s0, e0, 'Proto')) report.header = true;
      else if (!isProtocol(s0, e0, udp)) report.skipped++;
      return;
    }
    if (n <= peer) return void report.skipped++;
    const localPort = portOf(text, starts[local]!, ends[local]!, separator);
    const peerPort = portOf(text, starts[peer]!, ends[peer]!, separator);
    if (localPort < 0 || peerPort < 0) return void report.skipped++;
    row(n, localPort, peerPort);
  });
}
