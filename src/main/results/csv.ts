/**
 * Results as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line
 * break), one file for errors and one for per-second samples, each with a mode column so a Run all
 * fits in one sheet.
 */
import type { ResultsDocument } from '../../shared/contract';
import { documentLabels } from './markdown';
import { sampleSeconds } from '../../shared/samples';
import { TCP_STATES, type HalfCounts } from '../../shared/types';

type Field = string | number | boolean | null;

/**
 * One field. Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe, since error messages can come from files made elsewhere; numbers are left alone.
 */
export function csvField(value: Field): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly Field[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

const ERROR_COLUMNS = [
  'mode',
  'time',
  'epoch_ms',
  'side',
  'operation',
  'code',
  'errno',
  'winsock_name',
  'winsock_number',
  'local_port',
  'peer_port',
  'connection',
  'message',
] as const;

/** Every recorded error of every run, oldest first within a run. */
export function errorsCsv(doc: ResultsDocument): string {
  let out = csvLine(ERROR_COLUMNS);
  for (const fields of errorRows(doc)) out += csvLine(fields);
  return out;
}

function* errorRows(doc: ResultsDocument): Generator<Field[]> {
  for (const run of doc.runs)
    for (const e of run.errors)
      yield [
        run.mode,
        e.time,
        e.epochMs,
        e.side,
        e.op,
        e.code,
        e.errno,
        e.winsock?.name ?? null,
        e.winsock?.number ?? null,
        e.localPort,
        e.peerPort,
        e.connection,
        e.message,
      ];
}

/**
 * The errors of several machines in one sheet (the window's export beside imported results): the
 * same columns, then the machine's name last, so a sheet that reads the columns by position still
 * reads them. One machine's errors are exactly errorsCsv's.
 */
export function errorsCsvOf(docs: readonly ResultsDocument[]): string {
  if (docs.length === 1) return errorsCsv(docs[0]!);
  const labels = documentLabels(docs);
  let out = csvLine([...ERROR_COLUMNS, 'machine']);
  docs.forEach((doc, i) => {
    for (const fields of errorRows(doc)) out += csvLine([...fields, labels[i]!]);
  });
  return out;
}

const stateColumn = (state: string): string => state.toLowerCase();

const SAMPLE_COLUMNS = [
  'mode',
  't',
  'time',
  'connects',
  'total_connections',
  'errors',
  'server_total',
  ...TCP_STATES.map((s) => `server_${stateColumn(s)}`),
  'client_total',
  ...TCP_STATES.map((s) => `client_${stateColumn(s)}`),
  'ephemeral_held',
  'ephemeral_size',
  'poll_ms',
  'source',
  // Last, so a sheet that reads the older columns by position still reads them.
  'seconds',
];

function halfFields(half: HalfCounts | undefined): (number | null)[] {
  return [half?.total ?? null, ...TCP_STATES.map((s) => half?.byState[s] ?? null)];
}

/** One row per second per run (the run's last may be part of one: see `seconds`), with the half-connection counts per side and state (empty when not polled). */
export function samplesCsv(doc: ResultsDocument): string {
  let out = csvLine(SAMPLE_COLUMNS);
  for (const run of doc.runs)
    for (const s of run.samples) {
      const n = s.netstat;
      out += csvLine([
        run.mode,
        s.t,
        s.time,
        s.connects,
        s.totalConnections,
        s.errors,
        ...halfFields(n?.server),
        ...halfFields(n?.client),
        n?.ephemeralHeld ?? null,
        n?.ephemeralSize ?? null,
        n?.pollMs ?? null,
        n?.source ?? null,
        sampleSeconds(s),
      ]);
    }
  return out;
}
