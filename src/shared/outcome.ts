/**
 * How a run's errors become its outcome word, its one-line summary and its cell in the results
 * table. Pure functions over the contract's types, shared by the engine, the window, the exports
 * and the command line so they always say the same thing.
 */
import { MODES, type Mode } from './modes';
import type { ErrorRecord, Outcome, RunResult } from './types';
import { EXHAUSTION_CODES, RESET_CODES } from './winsock';

/** The name a person should see for an error: the Winsock name where recorded, else Node's code. */
export function errorName(error: Pick<ErrorRecord, 'code' | 'winsock'>): string {
  return error.winsock?.name ?? error.code;
}

export function isExhaustion(error: Pick<ErrorRecord, 'op' | 'code'>): boolean {
  return error.op === 'connect' && EXHAUSTION_CODES.includes(error.code);
}

export function isReset(error: Pick<ErrorRecord, 'op' | 'code'>): boolean {
  return error.op === 'read' && RESET_CODES.includes(error.code);
}

/** What one error alone would make of a run. */
export function outcomeOf(error: Pick<ErrorRecord, 'op' | 'code'>): Outcome {
  if (isExhaustion(error)) return 'exhausted';
  if (isReset(error)) return 'reset';
  return 'error';
}

/**
 * The one precedence: exhaustion outranks resets, which outrank any other error, which outranks
 * none. No error comes to 'no-connections'; it ranks below every error.
 */
const RANK: Record<Outcome, number> = { ok: 0, 'no-connections': 1, error: 2, reset: 3, exhausted: 4 };

/** The graver of two outcomes; folding a run's errors through it, one at a time, gives classifyOutcome. */
export function graver(a: Outcome, b: Outcome): Outcome {
  return RANK[b] > RANK[a] ? b : a;
}

/** The outcome word of a run from its errors. */
export function classifyOutcome(errors: readonly Pick<ErrorRecord, 'op' | 'code'>[]): Outcome {
  let outcome: Outcome = 'ok';
  for (const error of errors) outcome = graver(outcome, outcomeOf(error));
  return outcome;
}

/** A run's outcome word: its errors' word, except that a run with neither errors nor connections is not ok. */
export function runOutcome(fromErrors: Outcome, connections: number): Outcome {
  return fromErrors === 'ok' && connections === 0 ? 'no-connections' : fromErrors;
}

const integer = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

export interface SummaryInput {
  outcome: Outcome;
  connections: number;
  elapsedMs: number;
  /** The first errors of the run, in order (the first of each kind is what the summary names). */
  errors: readonly ErrorRecord[];
  errorCounts: Readonly<Record<string, number>>;
  ignoredReadErrors: number;
}

/** One line in plain words: "connect failed with WSAEADDRINUSE after 16,331 connections in 1.4 s". */
export function summarize(input: SummaryInput): string {
  const { outcome, connections, elapsedMs, errors } = input;
  const span = `${plural(connections, 'connection')} in ${formatSeconds(elapsedMs)}`;
  const total = Object.values(input.errorCounts).reduce((a, b) => a + b, 0);
  const ignored =
    input.ignoredReadErrors > 0
      ? `, ${plural(input.ignoredReadErrors, 'read error')} ignored as designed`
      : '';
  switch (outcome) {
    case 'ok':
      return `ok: ${span}, no errors${ignored}`;
    case 'no-connections':
      return `no connection was made in ${formatSeconds(elapsedMs)}, and no error${ignored}`;
    case 'exhausted': {
      const first = errors.find(isExhaustion);
      const name = first ? errorName(first) : 'an address error';
      const at = first ? first.connection - 1 : connections;
      return `connect failed with ${name} after ${plural(at, 'connection')} (${span})`;
    }
    case 'reset': {
      const first = errors.find(isReset);
      const name = first ? errorName(first) : 'a reset';
      const resets = RESET_CODES.reduce((n, c) => n + (input.errorCounts[c] ?? 0), 0);
      return `read failed with ${name} ${resets === 1 ? 'once' : `${formatCount(resets)} times`} in ${span}`;
    }
    case 'error': {
      const first = errors[0];
      const what = first ? `${first.op} failed with ${errorName(first)}` : 'errors';
      return `${what} (${plural(total, 'error')} in ${span})`;
    }
  }
}

/** One cell of the results table. */
export interface ResultCell {
  outcome: Outcome;
  /** "ok", "WSAEADDRINUSE after 16,331 connections", "occasional WSAECONNRESET (3 in 412,000)". */
  label: string;
  /** What the cell means, in one sentence. */
  meaning: string;
  interrupted: boolean;
}

const MEANING: Record<Outcome, string> = {
  ok: 'No errors: this close order is safe on this machine.',
  'no-connections':
    'No connection was made and no error met: the run ended before its first connection and proves nothing.',
  exhausted:
    'The client ran out of local ports: its closed connections wait in TIME_WAIT and new connects fail.',
  reset: 'The server reset some connections while the client was still reading: data can be lost.',
  error: 'The run met errors that are not the known close-order problems: see the error log.',
};

export function resultCell(
  run: Pick<RunResult, 'outcome' | 'connections' | 'errors' | 'errorCounts' | 'interrupted'>,
): ResultCell {
  let label: string;
  switch (run.outcome) {
    case 'ok':
      label = 'ok';
      break;
    case 'no-connections':
      label = 'no connections';
      break;
    case 'exhausted': {
      const first = run.errors.find(isExhaustion);
      const at = first ? first.connection - 1 : run.connections;
      label = `${first ? errorName(first) : 'EADDRINUSE'} after ${formatCount(at)} connections`;
      break;
    }
    case 'reset': {
      const first = run.errors.find(isReset);
      const resets = RESET_CODES.reduce((n, c) => n + (run.errorCounts[c] ?? 0), 0);
      label = `occasional ${first ? errorName(first) : 'ECONNRESET'} (${formatCount(resets)} in ${formatCount(run.connections)})`;
      break;
    }
    case 'error': {
      const [code, count] = Object.entries(run.errorCounts).sort((a, b) => b[1] - a[1])[0] ?? ['error', 0];
      const first = run.errors.find((e) => e.code === code);
      label = `${first ? errorName(first) : code} (${formatCount(count)} in ${formatCount(run.connections)})`;
      break;
    }
  }
  if (run.interrupted) label += ' (stopped early)';
  return { outcome: run.outcome, label, meaning: MEANING[run.outcome], interrupted: run.interrupted };
}

/** A column of the results table: one machine's runs. */
export interface ResultsColumn {
  machine: string;
  runs: readonly RunResult[];
}

export interface ResultsTable {
  machines: string[];
  rows: { mode: Mode; cells: (ResultCell | null)[] }[];
}

/**
 * A row per mode any machine ran, in the original program's order (any, client, server,
 * simultaneous, graceful, then workaround and abort) whatever order they ran or were imported in,
 * so tables of different machines and days line up; a column per machine, null where it did not run.
 */
export function buildResultsTable(columns: readonly ResultsColumn[]): ResultsTable {
  const modes = MODES.filter((mode) => columns.some((c) => c.runs.some((r) => r.mode === mode)));
  return {
    machines: columns.map((c) => c.machine),
    rows: modes.map((mode) => ({
      mode,
      cells: columns.map((c) => {
        const runs = c.runs.filter((r) => r.mode === mode);
        const last = runs[runs.length - 1];
        return last ? resultCell(last) : null;
      }),
    })),
  };
}
