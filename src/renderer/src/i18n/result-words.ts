/**
 * What a result cell means, in words: the outcome's word and sentence, and the one cell whose
 * "ok" is weaker than it looks. The graceful close order's reset shows on Windows only after
 * 30-60 s of running, so a shorter run that saw none has not shown that it cannot happen.
 */
import type { Mode } from '@shared/modes';
import { errorName, isExhaustion, isReset } from '@shared/outcome';
import type { Outcome, RunResult } from '@shared/types';
import { RESET_CODES } from '@shared/winsock';
import type { MessageKey, MessageValues } from './translator';

/** A sentence to show, not yet in any language. */
export interface Words {
  key: MessageKey;
  values?: MessageValues;
}

export type CellKind = Outcome | 'not-run';

/** How long a graceful run must go before its "ok" means the reset does not happen (Windows: 30-60 s). */
export const RESET_SHOWS_WITHIN_SEC = 60;

/** Close orders whose known failure is rare and late, so a short clean run is "not seen", not "ok". */
const LATE_FAILURE: readonly Mode[] = ['graceful'];

const KIND_KEY: Record<CellKind, string> = {
  ok: 'ok',
  exhausted: 'exhausted',
  reset: 'reset',
  error: 'error',
  'no-connections': 'noConnections',
  'not-run': 'notRun',
};

/** The heading word of an outcome ("Out of ports"), as in the legend under the table. */
export function outcomeWord(kind: CellKind): Words {
  return { key: `result.word.${KIND_KEY[kind]}` as MessageKey };
}

/** The sentence saying what an outcome means. */
export function outcomeMeaning(kind: CellKind): Words {
  return { key: `result.meaning.${KIND_KEY[kind]}` as MessageKey };
}

/** Seconds as a person reads a run's length: one decimal under 10 s, whole seconds above. */
function runSeconds(elapsedMs: number): number {
  const s = Math.max(0, elapsedMs) / 1000;
  return s < 10 ? Math.floor(s * 10) / 10 : Math.floor(s);
}

/**
 * For a run that came out "ok": the label and sentence to show instead when the run was too short
 * to see its close order's known failure; null when "ok" means what it says.
 */
export function shortRunCaveat(run: {
  mode: Mode;
  outcome: Outcome;
  elapsedMs: number;
}): { label: Words; meaning: Words } | null {
  if (run.outcome !== 'ok' || !LATE_FAILURE.includes(run.mode)) return null;
  if (run.elapsedMs >= RESET_SHOWS_WITHIN_SEC * 1000) return null;
  const seconds = runSeconds(run.elapsedMs);
  return {
    label: { key: 'result.notSeenIn', values: { seconds } },
    meaning: { key: 'result.meaning.notSeenIn', values: { seconds, needed: RESET_SHOWS_WITHIN_SEC } },
  };
}

/** The run a table cell shows: the last of its close order in that column, as buildResultsTable picks it. */
export function runOfCell<R extends { mode: Mode }>(runs: readonly R[], mode: Mode): R | null {
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i]!.mode === mode) return runs[i]!;
  return null;
}

/**
 * A cell's label, as resultCell words it in English ("WSAEADDRINUSE after 16,331 connections"),
 * but whole in each language; the error names stay as Windows and Linux spell them.
 */
export function cellLabel(
  run: Pick<RunResult, 'outcome' | 'connections' | 'errors' | 'errorCounts' | 'interrupted'>,
): Words {
  const label = ((): Words => {
    switch (run.outcome) {
      case 'ok':
        return { key: 'cell.ok' };
      case 'no-connections':
        return { key: 'cell.noConnections' };
      case 'exhausted': {
        const first = run.errors.find(isExhaustion);
        const count = first ? first.connection - 1 : run.connections;
        return { key: 'cell.exhausted', values: { name: first ? errorName(first) : 'EADDRINUSE', count } };
      }
      case 'reset': {
        const first = run.errors.find(isReset);
        const count = RESET_CODES.reduce((n, c) => n + (run.errorCounts[c] ?? 0), 0);
        const name = first ? errorName(first) : 'ECONNRESET';
        return { key: 'cell.reset', values: { name, count, total: run.connections } };
      }
      case 'error': {
        const [code, count] = Object.entries(run.errorCounts).sort((a, b) => b[1] - a[1])[0] ?? ['error', 0];
        const first = run.errors.find((e) => e.code === code);
        const name = first ? errorName(first) : code;
        return { key: 'cell.error', values: { name, count, total: run.connections } };
      }
    }
  })();
  return run.interrupted ? { key: `${label.key}.stopped` as MessageKey, values: label.values } : label;
}

/**
 * A run's one-line summary, as summarize() words it in English ("connect failed with WSAEADDRINUSE
 * after 16,330 connections (16,331 connections in 1.4 s)"), whole in each language. `time` is the
 * run's length as the window writes it ("1.4 s", "1,4 s").
 */
export function runSummary(
  run: Pick<
    RunResult,
    'outcome' | 'connections' | 'elapsedMs' | 'errors' | 'errorCounts' | 'ignoredReadErrors'
  >,
  time: string,
): Words {
  const span = { connections: run.connections, time };
  const ignored = run.ignoredReadErrors;
  switch (run.outcome) {
    case 'ok':
      return { key: 'summary.ok', values: { ...span, ignored } };
    case 'no-connections':
      return { key: 'summary.noConnections', values: { time, ignored } };
    case 'exhausted': {
      const first = run.errors.find(isExhaustion);
      const name = first ? errorName(first) : 'an address error';
      return {
        key: 'summary.exhausted',
        values: { ...span, name, at: first ? first.connection - 1 : run.connections },
      };
    }
    case 'reset': {
      const first = run.errors.find(isReset);
      const resets = RESET_CODES.reduce((n, c) => n + (run.errorCounts[c] ?? 0), 0);
      return {
        key: 'summary.reset',
        values: { ...span, name: first ? errorName(first) : 'a reset', resets },
      };
    }
    case 'error': {
      const first = run.errors[0];
      const total = Object.values(run.errorCounts).reduce((a, b) => a + b, 0);
      return first
        ? { key: 'summary.error', values: { ...span, op: first.op, name: errorName(first), total } }
        : { key: 'summary.errors', values: { ...span, total } };
    }
  }
}
