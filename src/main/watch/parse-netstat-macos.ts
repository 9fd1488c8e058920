/**
 * macOS `netstat -an -p tcp` as rows: `tcp4  0  0  127.0.0.1.50000  127.0.0.1.5432  ESTABLISHED`.
 * The port follows the address's last dot; `*` is any address, `*.*` an unbound peer. Owners are
 * not in netstat: `owner` (from lsof) gives them, and TIME_WAIT never has one.
 */
import { lastIndexIn, newFields } from '../engine/netstat/fields';
import type { ParseReport } from '../engine/netstat/parse-report';
import { OTHER, stateFromName } from '../engine/netstat/states';
import { forEachTcpRow, MACOS_COLUMNS } from '../engine/netstat/tcp-rows';
import { TokenStates } from '../engine/netstat/token-states';
import type { ConnectionRow } from './table-source';
import { rowState, TIME_WAIT_INDEX } from './row-state';
import { TextCache } from './text-cache';

export interface MacosParser {
  states: TokenStates;
  addresses: TextCache;
}

export function newMacosParser(): MacosParser {
  return { states: new TokenStates(stateFromName), addresses: new TextCache() };
}

export function parseNetstatMacos(
  text: string,
  parser: MacosParser,
  row: ConnectionRow,
  owner: (family: 4 | 6, localPort: number, remotePort: number) => number | null,
  visit: (row: ConnectionRow) => void,
): ParseReport {
  const fields = newFields();
  const { starts, ends } = fields;
  const report: ParseReport = { rows: 0, skipped: 0, header: false };
  forEachTcpRow(text, MACOS_COLUMNS, fields, report, (n, localPort, remotePort) => {
    const s0 = starts[0]!;
    const e0 = ends[0]!;
    const state = n >= 6 ? parser.states.lookup(text, starts[5]!, ends[5]!) : OTHER;
    // tcp4 is IPv4; tcp6 and tcp46 (dual-stack listeners) are IPv6.
    const family: 4 | 6 = e0 - s0 === 4 && text.charCodeAt(s0 + 3) === 52 ? 4 : 6;
    row.family = family;
    row.localAddress = address(text, starts[3]!, ends[3]!, family, parser.addresses);
    row.localPort = localPort;
    row.remoteAddress = address(text, starts[4]!, ends[4]!, family, parser.addresses);
    row.remotePort = remotePort;
    row.state = rowState(state);
    row.pid = state === TIME_WAIT_INDEX ? null : owner(family, localPort, remotePort);
    visit(row);
    report.rows++;
  });
  return report;
}

function address(text: string, from: number, to: number, family: 4 | 6, cache: TextCache): string {
  const dot = lastIndexIn(text, 46, from, to);
  const end = dot < 0 ? to : dot;
  if (end - from === 1 && text.charCodeAt(from) === 42) return family === 4 ? '0.0.0.0' : '::';
  return cache.get(text, from, end);
}
