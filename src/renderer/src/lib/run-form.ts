/**
 * The settings a person types before Start: checked here so a mistake is explained next to the
 * field and nothing is sent (the main process checks again, whatever the window says).
 */
import type { Mode } from '@shared/modes';
import { DEFAULT_CONFIG, type SessionConfig } from '@shared/types';

export interface RunForm {
  mode: Mode;
  /** Numbers as the inputs give them: null or NaN while a field is empty or half typed. */
  port: number | null;
  durationSec: number | null;
  maxErrors: number | null;
  force: boolean;
}

export const LIMITS = {
  port: { min: 1, max: 65535 },
  durationSec: { min: 1, max: 86_400 },
  maxErrors: { min: 1, max: 1_000_000 },
} as const;

function wholeIn(value: number | null, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function got(value: number | null): string {
  return typeof value === 'number' && !Number.isNaN(value) ? ` (got ${value})` : ' (the field is empty)';
}

/** The config to send, or the sentence saying what to fix. */
export function validateForm(
  form: RunForm,
): { config: SessionConfig; error: null } | { config: null; error: string } {
  const { port, durationSec, maxErrors } = form;
  if (!wholeIn(port, LIMITS.port.min, LIMITS.port.max))
    return { config: null, error: `Port must be a whole number from 1 to 65535${got(port)}.` };
  if (!wholeIn(durationSec, LIMITS.durationSec.min, LIMITS.durationSec.max))
    return {
      config: null,
      error: `Duration must be a whole number of seconds from 1 to 86400 (one day)${got(durationSec)}.`,
    };
  if (!wholeIn(maxErrors, LIMITS.maxErrors.min, LIMITS.maxErrors.max))
    return {
      config: null,
      error: `Stop after must be a whole number of errors from 1 to 1000000${got(maxErrors)}.`,
    };
  return {
    config: {
      ...DEFAULT_CONFIG,
      mode: form.mode,
      port,
      durationSec,
      maxErrors,
      force: form.force,
    },
    error: null,
  };
}
