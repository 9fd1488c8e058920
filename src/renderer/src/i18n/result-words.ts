/**
 * What a result cell means, in words: the outcome's word and sentence, and the one cell whose
 * "ok" is weaker than it looks. The graceful close order's reset shows on Windows only after
 * 30-60 s of running, so a shorter run that saw none has not shown that it cannot happen.
 */
import type { Mode } from '@shared/modes';
import type { Outcome } from '@shared/types';
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
