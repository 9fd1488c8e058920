/**
 * The watch as one CSV time series: a row per destination and per program in each poll, so a
 * spreadsheet can filter by kind and key and chart any column over `t`. RFC 4180 (CRLF, quoted
 * when needed) through the results' own csvLine. Every line, the header's too, ends in CRLF, so
 * the header and each poll's rows can be appended to a file as they come. A poll that could not
 * read the table writes one `error` row with the sentence as its key, so the gap shows.
 */
import type { WatchPoll } from '../../shared/watch';
import { TCP_STATES } from '../../shared/types';
import { csvLine } from '../results/csv';

const COLUMNS = [
  'time',
  't',
  'kind',
  'key',
  'pid',
  'name',
  'total',
  ...TCP_STATES,
  'held',
  'capacity',
  'share',
  'newPerSecond',
  'forecast',
  'closeWaitLeak',
];

export function watchCsvHeader(): string {
  return csvLine(COLUMNS);
}

/** The poll's rows; the forecast column holds its kind (idle, steady, filling, full, unknown). */
export function watchCsvRows(poll: WatchPoll): string {
  let out = '';
  if (poll.error !== null) {
    out += csvLine([poll.time, poll.t, 'error', poll.error, ...Array<null>(COLUMNS.length - 4).fill(null)]);
  }
  for (const d of poll.destinations) {
    out += csvLine([
      poll.time,
      poll.t,
      'destination',
      d.endpoint,
      null,
      null,
      d.total,
      ...TCP_STATES.map((s) => d.byState[s]),
      d.held,
      d.capacity,
      d.share === null ? null : Math.round(d.share * 10000) / 10000,
      d.newPerSecond,
      d.forecast.kind,
      null,
    ]);
  }
  for (const p of poll.programs) {
    out += csvLine([
      poll.time,
      poll.t,
      'program',
      String(p.pid),
      p.pid,
      p.name,
      p.total,
      ...TCP_STATES.map((s) => p.byState[s]),
      null,
      null,
      null,
      null,
      null,
      p.closeWaitLeak,
    ]);
  }
  return out;
}
