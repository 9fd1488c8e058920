/**
 * The settings a person types before Start: checked here so a mistake is explained next to the
 * field and nothing is sent (the main process checks again, whatever the window says).
 */
import type { Mode } from '@shared/modes';
import { CONFIG_LIMITS, DEFAULT_CONFIG, type SessionConfig } from '@shared/types';

export interface RunForm {
  mode: Mode;
  /** Numbers as the inputs give them: null or NaN while a field is empty or half typed. */
  port: number | null;
  durationSec: number | null;
  maxErrors: number | null;
  force: boolean;
}

/** The main process's limits; the window asks for whole seconds. */
export const LIMITS = {
  port: CONFIG_LIMITS.port,
  durationSec: { min: 1, max: CONFIG_LIMITS.durationSec.max },
  maxErrors: CONFIG_LIMITS.maxErrors,
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
    return {
      config: null,
      error: `Port must be a whole number from ${LIMITS.port.min} to ${LIMITS.port.max}${got(port)}.`,
    };
  if (!wholeIn(durationSec, LIMITS.durationSec.min, LIMITS.durationSec.max))
    return {
      config: null,
      error: `Duration must be a whole number of seconds from 1 to ${LIMITS.durationSec.max} (one day)${got(durationSec)}.`,
    };
  if (!wholeIn(maxErrors, LIMITS.maxErrors.min, LIMITS.maxErrors.max))
    return {
      config: null,
      error: `Stop after must be a whole number of errors from 1 to ${LIMITS.maxErrors.max}${got(maxErrors)}.`,
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
