/**
 * The settings a person types before Run all or a single run: checked here so a mistake is
 * explained next to the field and nothing is sent (the main process checks again, whatever the
 * window says). The fields are kept as typed, so "ten" or "4e4" is refused with a sentence
 * instead of being read as empty or as 40000, as a number input would.
 */
import type { Mode } from '@shared/modes';
import { CONFIG_LIMITS, DEFAULT_CONFIG, type SessionConfig } from '@shared/types';
import { t } from '@renderer/i18n/locale.svelte';

export interface RunForm {
  mode: Mode;
  /** The number fields exactly as typed. */
  port: string;
  durationSec: string;
  maxErrors: string;
  force: boolean;
}

/** A number field of the form. */
export type FormField = 'port' | 'durationSec' | 'maxErrors';

/** The main process's limits; the window asks for whole seconds. */
export const LIMITS = {
  port: CONFIG_LIMITS.port,
  durationSec: { min: 1, max: CONFIG_LIMITS.durationSec.max },
  maxErrors: CONFIG_LIMITS.maxErrors,
} as const;

/** The form as the window first shows it: the defaults the command line uses too. */
export function defaultForm(): RunForm {
  return {
    mode: 'client',
    port: String(DEFAULT_CONFIG.port),
    durationSec: String(DEFAULT_CONFIG.durationSec),
    maxErrors: String(DEFAULT_CONFIG.maxErrors),
    force: false,
  };
}

type Reading =
  | { kind: 'ok'; value: number }
  | { kind: 'empty' }
  | { kind: 'not-whole'; typed: string }
  | { kind: 'outside'; typed: string };

/** Digits only: "4e4", "1.5", "0x10" and "ten" are not whole numbers a person typed. */
function read(typed: string, min: number, max: number): Reading {
  const text = String(typed).trim();
  if (text === '') return { kind: 'empty' };
  if (!/^\d+$/.test(text)) return { kind: 'not-whole', typed: text };
  const value = Number(text);
  return value >= min && value <= max ? { kind: 'ok', value } : { kind: 'outside', typed: text };
}

/** A field's limits as they are written in its message: digits as typed, not grouped. */
function bounds(limits: { min: number; max: number }): [string, string] {
  return [String(limits.min), String(limits.max)];
}

// One function per field, each answering whole sentences, so a translator sees every sentence whole.
function portProblem(reading: Exclude<Reading, { kind: 'ok' }>): string {
  const [min, max] = bounds(LIMITS.port);
  switch (reading.kind) {
    case 'empty':
      return t('form.port.empty', { min, max });
    case 'not-whole':
      return t('form.port.notWhole', { min, max, typed: reading.typed });
    case 'outside':
      return t('form.port.outside', { min, max, typed: reading.typed });
  }
}

function durationProblem(reading: Exclude<Reading, { kind: 'ok' }>): string {
  const [min, max] = bounds(LIMITS.durationSec);
  switch (reading.kind) {
    case 'empty':
      return t('form.duration.empty', { min, max });
    case 'not-whole':
      return t('form.duration.notWhole', { min, max, typed: reading.typed });
    case 'outside':
      return t('form.duration.outside', { min, max, typed: reading.typed });
  }
}

function maxErrorsProblem(reading: Exclude<Reading, { kind: 'ok' }>): string {
  const [min, max] = bounds(LIMITS.maxErrors);
  switch (reading.kind) {
    case 'empty':
      return t('form.maxErrors.empty', { min, max });
    case 'not-whole':
      return t('form.maxErrors.notWhole', { min, max, typed: reading.typed });
    case 'outside':
      return t('form.maxErrors.outside', { min, max, typed: reading.typed });
  }
}

export type FormCheck =
  { config: SessionConfig; error: null; field: null } | { config: null; error: string; field: FormField };

/** The config to send, or the sentence saying what to fix and the field it is about (the first wrong one). */
export function validateForm(form: RunForm): FormCheck {
  const port = read(form.port, LIMITS.port.min, LIMITS.port.max);
  if (port.kind !== 'ok') return { config: null, error: portProblem(port), field: 'port' };
  const duration = read(form.durationSec, LIMITS.durationSec.min, LIMITS.durationSec.max);
  if (duration.kind !== 'ok') return { config: null, error: durationProblem(duration), field: 'durationSec' };
  const maxErrors = read(form.maxErrors, LIMITS.maxErrors.min, LIMITS.maxErrors.max);
  if (maxErrors.kind !== 'ok')
    return { config: null, error: maxErrorsProblem(maxErrors), field: 'maxErrors' };
  return {
    config: {
      ...DEFAULT_CONFIG,
      mode: form.mode,
      port: port.value,
      durationSec: duration.value,
      maxErrors: maxErrors.value,
      force: form.force,
    },
    error: null,
    field: null,
  };
}
