/**
 * `tasklist /fo csv /nh`: one process a line, `"svchost.exe","1104","Services","0","12,345 K"`.
 * Every language writes the same shape (German only changes the memory column's separators), so
 * the first field is the image name and the second the PID. A header line (without /nh) and
 * tasklist's "INFO: ..." line are not processes and are skipped.
 */
import { forEachLine } from '../engine/netstat/fields';
import { digitsAt } from './parse-netstat-ano';

export interface TasklistReport {
  rows: number;
  skipped: number;
}

const QUOTE = 34;
const COMMA = 44;

/** Adds each process's name to `names` by PID. */
export function parseTasklist(text: string, names: Map<number, string | null>): TasklistReport {
  const report: TasklistReport = { rows: 0, skipped: 0 };
  forEachLine(text, (from, to) => {
    while (from < to && text.charCodeAt(from) <= 32) from++;
    if (from === to) return;
    const name = csvField(text, from, to);
    if (name === null) return void report.skipped++;
    let at = name.next;
    if (text.charCodeAt(at) !== COMMA) return void report.skipped++;
    at++;
    let pid = -1;
    if (text.charCodeAt(at) === QUOTE) {
      const close = text.indexOf('"', at + 1);
      if (close !== -1 && close < to) pid = digitsAt(text, at + 1, close);
    } else {
      let end = at;
      while (end < to && text.charCodeAt(end) !== COMMA) end++;
      pid = digitsAt(text, at, end);
    }
    if (pid < 0 || name.value === '') return void report.skipped++;
    names.set(pid, name.value);
    report.rows++;
  });
  return report;
}

/** The field starting at `from` (RFC 4180: "" is a quote inside quotes) and where it ends. */
function csvField(text: string, from: number, to: number): { value: string; next: number } | null {
  if (text.charCodeAt(from) !== QUOTE) {
    let end = from;
    while (end < to && text.charCodeAt(end) !== COMMA) end++;
    return { value: text.slice(from, end).trim(), next: end };
  }
  let value = '';
  let start = from + 1;
  for (;;) {
    const close = text.indexOf('"', start);
    if (close === -1 || close >= to) return null;
    value += text.slice(start, close);
    if (text.charCodeAt(close + 1) !== QUOTE) return { value, next: close + 1 };
    value += '"';
    start = close + 2;
  }
}
