/**
 * Checks for the small arguments of the results requests. Each throws an ArgumentError whose
 * message is a sentence for a person; nothing has happened when it does.
 */
import type { ExportFormat, StartOptions } from '../../shared/contract';
import { isHistoryId } from '../results/history';
import { UserError } from '../user-error';

export class ArgumentError extends UserError {
  override name = 'ArgumentError';
}

const FORMATS: readonly ExportFormat[] = ['json', 'markdown', 'csv'];

export function exportFormat(value: unknown): ExportFormat {
  if (typeof value === 'string' && (FORMATS as readonly string[]).includes(value))
    return value as ExportFormat;
  throw new ArgumentError(`The export format must be one of ${FORMATS.join(', ')}.`);
}

/** Only ids the history store could have made: never a path, "..", or a drive letter. */
export function historyId(value: unknown): string {
  if (isHistoryId(value)) return value;
  throw new ArgumentError('That results entry is not known.');
}

/** A history id, or null for the newest results. */
export function optionalHistoryId(value: unknown): string | null {
  return value === null || value === undefined ? null : historyId(value);
}

/** At most this many imported documents in one table: a column each. */
export const MAX_IMPORTED = 50;

export function importedList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ArgumentError('The imported results must be a list.');
  if (value.length > MAX_IMPORTED)
    throw new ArgumentError(`At most ${MAX_IMPORTED} imported results fit in one table.`);
  return value;
}

/** How a single run starts: nothing given is the default (refuse while half-connections linger). */
export function startOptions(value: unknown): StartOptions {
  if (value === undefined || value === null) return { waitForDrain: false };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const wait = (value as Record<string, unknown>).waitForDrain;
    if (wait === undefined || typeof wait === 'boolean') return { waitForDrain: wait ?? false };
  }
  throw new ArgumentError('The start options must say whether to wait (waitForDrain: true or false).');
}
