/**
 * Windows `netstat -an -p TCP` (or -p TCPv6): a blank line, a title, a blank line, a header, then
 * rows `  TCP    127.0.0.1:40000        127.0.0.1:50123        TIME_WAIT`. Titles, headers and in
 * some languages the state names are translated; the `TCP` token and the addresses never are, so
 * those decide what a row is. A trailing PID column (`-o`) is tolerated.
 */
import type { RowSink } from './count';
import { isIpv6Field } from './address';
import { newFields } from './fields';
import type { ParseReport } from './parse-report';
import { OTHER, stateFromName } from './states';
import { forEachTcpRow, WINDOWS_COLUMNS } from './tcp-rows';
import { TokenStates } from './token-states';

export function parseWindows(
  text: string,
  stateName: (token: string) => string,
  counter: RowSink,
): ParseReport {
  const fields = newFields();
  const states = new TokenStates((token) => stateFromName(stateName(token)));
  const report: ParseReport = { rows: 0, skipped: 0, header: false };
  const { starts, ends } = fields;
  forEachTcpRow(text, WINDOWS_COLUMNS, fields, report, (n, local, peer) => {
    let state = OTHER;
    if (n >= 4) {
      // The state runs to the end of the row (Italian "IN ASCOLTO" has a space), less a PID column.
      let last = n - 1;
      if (last > 3 && isDigits(text, starts[last]!, ends[last]!)) last--;
      state = states.lookup(text, starts[3]!, ends[last]!);
    }
    counter.add(local, peer, state, isIpv6Field(text, starts[1]!, ends[1]!) ? 6 : 4);
    report.rows++;
  });
  return report;
}

function isDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return to > from;
}
