/**
 * macOS `netstat -an -p tcp`: `tcp4 0 0 127.0.0.1.40000 127.0.0.1.52341 TIME_WAIT`. The port
 * follows a dot, not a colon; `*.*` is unbound. `tcp46` rows are dual-stack sockets (listeners).
 */
import type { Family, RowSink } from './count';
import { newFields } from './fields';
import type { ParseReport } from './parse-report';
import { OTHER, stateFromName } from './states';
import { forEachTcpRow, MACOS_COLUMNS } from './tcp-rows';
import { TokenStates } from './token-states';

export function parseMacos(text: string, counter: RowSink): ParseReport {
  const fields = newFields();
  const { starts, ends } = fields;
  const states = new TokenStates(stateFromName);
  const report: ParseReport = { rows: 0, skipped: 0, header: false };
  forEachTcpRow(text, MACOS_COLUMNS, fields, report, (n, local, peer) => {
    const state = n >= 6 ? states.lookup(text, starts[5]!, ends[5]!) : OTHER;
    counter.add(local, peer, state, familyOf(text, starts[0]!, ends[0]!));
    report.rows++;
  });
  return report;
}

/** tcp4 and tcp6 say their family; tcp46 (and a bare tcp) serve both. */
function familyOf(text: string, from: number, to: number): Family | null {
  if (to - from !== 4) return null;
  const c = text.charCodeAt(from + 3);
  return c === 52 ? 4 : c === 54 ? 6 : null;
}
