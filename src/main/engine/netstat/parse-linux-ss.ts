/**
 * `ss -tan` (iproute2): `TIME-WAIT 0 0 127.0.0.1:40000 127.0.0.1:50123`, IPv6 as `[::1]:40000`,
 * `*` for an unbound port. With more than one protocol ss adds a first `Netid` column (`tcp`).
 */
import type { RowSink } from './count';
import { isIpv6Field, portAfterColon } from './address';
import { fieldIs, forEachLine, newFields, splitFields } from './fields';
import type { ParseReport } from './parse-report';
import { stateFromName } from './states';
import { TokenStates } from './token-states';

export function parseLinuxSs(text: string, counter: RowSink): ParseReport {
  const fields = newFields();
  const { starts, ends } = fields;
  const states = new TokenStates(stateFromName);
  const report: ParseReport = { rows: 0, skipped: 0, header: false };
  forEachLine(text, (from, to) => {
    const n = splitFields(text, from, to, fields);
    if (n === 0) return;
    let first = 0;
    if (fieldIs(text, starts[0]!, ends[0]!, 'Netid') || fieldIs(text, starts[0]!, ends[0]!, 'State')) {
      report.header = true;
      return;
    }
    if (fieldIs(text, starts[0]!, ends[0]!, 'tcp')) first = 1;
    else if (fieldIs(text, starts[0]!, ends[0]!, 'udp') || fieldIs(text, starts[0]!, ends[0]!, 'u_str'))
      return;
    if (n < first + 5) return void report.skipped++;
    const local = portAfterColon(text, starts[first + 3]!, ends[first + 3]!);
    const peer = portAfterColon(text, starts[first + 4]!, ends[first + 4]!);
    if (local < 0 || peer < 0) return void report.skipped++;
    const state = states.lookup(text, starts[first]!, ends[first]!);
    counter.add(local, peer, state, isIpv6Field(text, starts[first + 3]!, ends[first + 3]!) ? 6 : 4);
    report.rows++;
  });
  return report;
}
