/**
 * Windows `netstat -ano -p TCP` (and `-p TCPv6`) as rows with owners:
 * `  TCP    127.0.0.1:50000        127.0.0.1:5432         ESTABLISHED     7720`.
 * Titles, headers and in some languages the states are translated (German ABHÖREN, WARTEND...);
 * the `TCP` token, the addresses and the PID never are, so they decide what a row is. Read by
 * offsets into the text: one reused row object, no strings per row (addresses come from a cache).
 */
import { isIpv6Field } from '../engine/netstat/address';
import { lastIndexIn, newFields } from '../engine/netstat/fields';
import type { ParseReport } from '../engine/netstat/parse-report';
import { OTHER, stateFromName } from '../engine/netstat/states';
import { forEachTcpRow, WINDOWS_COLUMNS } from '../engine/netstat/tcp-rows';
import { TokenStates } from '../engine/netstat/token-states';
import type { ConnectionRow } from './table-source';
import { rowState, TIME_WAIT_INDEX } from './row-state';
import { TextCache } from './text-cache';

/** What a reader keeps between polls: the state names and addresses it has seen (both bounded). */
export interface AnoParser {
  states: TokenStates;
  addresses: TextCache;
}

/** @param stateName turns a state token into the name netstat meant (see decodeTable). */
export function newAnoParser(stateName: (token: string) => string): AnoParser {
  return { states: new TokenStates((token) => stateFromName(stateName(token))), addresses: new TextCache() };
}

/** A row object to reuse for every visit. */
export function newConnectionRow(): ConnectionRow {
  return {
    family: 4,
    localAddress: '',
    localPort: 0,
    remoteAddress: '',
    remotePort: 0,
    state: 'OTHER',
    pid: null,
  };
}

export interface AnoReport extends ParseReport {
  /** Rows that had a PID column: none when netstat ignored -o (Wine's does). */
  withPid: number;
}

/**
 * Visits each TCP row of the text with `row` filled in. A PID of 0 (the system's own TIME_WAIT
 * entries) and every TIME_WAIT row have no owner: pid null. With `family`, rows of the other
 * family are skipped: `-p TCPv6` lists IPv6 rows only, and where it repeats the IPv4 table
 * (Wine's netstat does) they would be counted twice.
 */
export function parseNetstatAno(
  text: string,
  parser: AnoParser,
  row: ConnectionRow,
  visit: (row: ConnectionRow) => void,
  family?: 4 | 6,
): AnoReport {
  const fields = newFields();
  const { starts, ends } = fields;
  const report: AnoReport = { rows: 0, skipped: 0, header: false, withPid: 0 };
  forEachTcpRow(text, WINDOWS_COLUMNS, fields, report, (n, localPort, remotePort) => {
    const rowFamily = isIpv6Field(text, starts[1]!, ends[1]!) ? 6 : 4;
    if (family !== undefined && rowFamily !== family) return void report.skipped++;
    let state = OTHER;
    let pid = -1;
    if (n >= 4) {
      // The state runs to the PID (Italian "IN ASCOLTO" has a space); no PID column without -o.
      let last = n - 1;
      if (last > 3) {
        pid = digitsAt(text, starts[last]!, ends[last]!);
        if (pid >= 0) {
          last--;
          report.withPid++;
        }
      }
      state = parser.states.lookup(text, starts[3]!, ends[last]!);
    }
    row.family = rowFamily;
    row.localAddress = address(text, starts[1]!, ends[1]!, parser.addresses);
    row.localPort = localPort;
    row.remoteAddress = address(text, starts[2]!, ends[2]!, parser.addresses);
    row.remotePort = remotePort;
    row.state = rowState(state);
    row.pid = pid <= 0 || state === TIME_WAIT_INDEX ? null : pid;
    visit(row);
    report.rows++;
  });
  return report;
}

/** The address before the port's colon, without IPv6 brackets: "[::1]:5432" is "::1". */
function address(text: string, from: number, to: number, cache: TextCache): string {
  let end = lastIndexIn(text, 58, from, to);
  let start = from;
  if (text.charCodeAt(start) === 91 && text.charCodeAt(end - 1) === 93) {
    start++;
    end--;
  }
  return cache.get(text, start, end);
}

/** A whole number of at most 10 digits, or -1. */
export function digitsAt(text: string, from: number, to: number): number {
  if (from >= to || to - from > 10) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}
