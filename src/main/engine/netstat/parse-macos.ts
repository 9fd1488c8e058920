/**
 * macOS `netstat -an -p tcp`: `tcp4 0 0 127.0.0.1.40000 127.0.0.1.52341 TIME_WAIT`. The port
 * follows a dot, not a colon; `*.*` is unbound. `tcp46` rows are dual-stack sockets (listeners).
 */
import type { Family, RowSink } from './count';
import { portAfterDot } from './address';
import { fieldIs, fieldStartsWith, forEachLine, newFields, splitFields } from './fields';
import type { ParseReport } from './parse-report';
import { OTHER, stateFromName } from './states';
import { TokenStates } from './token-states';

export function parseMacos(text: string, counter: RowSink): ParseReport {
  const fields = newFields();
  const { starts, ends } = fields;
  const states = new TokenStates(stateFromName);
  const report: ParseReport = { rows: 0, skipped: 0, header: false };
  forEachLine(text, (from, to) => {
    const n = splitFields(text, from, to, fields);
    if (n === 0) return;
    const s0 = starts[0]!;
    const e0 = ends[0]!;
    if (!fieldStartsWith(text, s0, e0, 'tcp')) {
      if (fieldIs(text, s0, e0, 'Proto')) report.header = true;
      else if (!fieldStartsWith(text, s0, e0, 'udp')) report.skipped++;
      return;
    }
    if (n < 5) return void report.skipped++;
    const local = portAfterDot(text, starts[3]!, ends[3]!);
    const peer = portAfterDot(text, starts[4]!, ends[4]!);
    if (local < 0 || peer < 0) return void report.skipped++;
    let state = OTHER;
    if (n >= 6) {
      state = states.lookup(text, starts[5]!, ends[5]!);
    }
    counter.add(local, peer, state, familyOf(text, s0, e0));
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
