/**
 * The window's error log: every error the snapshots bring, newest first, filterable by code.
 * Rows live in plain arrays (not deep state): 100,000 proxied records would make each snapshot
 * slow. A `version` rune moves once per batch, and every method that reads rows reads it first, so
 * a view or `$derived` that asks for rows looks again when they change, without knowing why.
 */
import type { Mode } from '@shared/modes';
import type { ErrorRecord } from '@shared/types';

export interface LogRow {
  record: ErrorRecord;
  /** The close order of the run the error happened in (the engine records it; useful in a Run all). */
  mode: Mode | null;
}

/** Rows kept in memory; older ones leave the window (every error is still saved on disk). */
export const LOG_CAPACITY = 200_000;

export class ErrorLog {
  #rows: LogRow[] = [];
  // Deliberately not reactive: `version` announces changes once per snapshot, not once per row.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #byCode = new Map<string, LogRow[]>();
  /** Bumped whenever rows change, so views re-read. */
  version = $state(0);
  /** Rows that left the log because it was full. */
  dropped = $state(0);
  /** Errors that never reached the window (a snapshot had more than it could carry). */
  skipped = $state(0);

  constructor(readonly capacity = LOG_CAPACITY) {}

  /**
   * Adds records. Each is filed under its own close order; `mode` stands in only for records
   * saved before they carried one.
   */
  append(records: readonly ErrorRecord[], mode: Mode | null, skipped = 0): void {
    if (records.length === 0 && skipped === 0) return;
    for (const record of records) {
      const row: LogRow = { record, mode: record.mode ?? mode };
      this.#rows.push(row);
      let list = this.#byCode.get(record.code);
      if (!list) this.#byCode.set(record.code, (list = []));
      list.push(row);
    }
    this.skipped += skipped;
    // Trim in chunks of a tenth so the copying happens rarely, not on every snapshot.
    if (this.#rows.length > this.capacity + this.capacity / 10) this.#trim();
    this.version++;
  }

  clear(): void {
    this.#rows = [];
    this.#byCode.clear();
    this.dropped = 0;
    this.skipped = 0;
    this.version++;
  }

  /** How many rows match `code` (null: all). */
  count(code: string | null): number {
    this.#track();
    return code === null ? this.#rows.length : (this.#byCode.get(code)?.length ?? 0);
  }

  /** The row at `index` counting from the newest (0), among rows matching `code`. */
  rowAt(index: number, code: string | null): LogRow | undefined {
    this.#track();
    const list = code === null ? this.#rows : this.#byCode.get(code);
    if (!list) return undefined;
    return list[list.length - 1 - index];
  }

  /** The codes present, most frequent first. */
  codes(): { code: string; count: number }[] {
    this.#track();
    return [...this.#byCode.entries()]
      .map(([code, list]) => ({ code, count: list.length }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  }

  /** Subscribes whoever is reading (a template, a `$derived`) to the next change of rows. */
  #track(): void {
    void this.version;
  }

  #trim(): void {
    const excess = this.#rows.length - this.capacity;
    const gone = this.#rows.splice(0, excess);
    this.dropped += gone.length;
    this.#byCode.clear();
    for (const row of this.#rows) {
      let list = this.#byCode.get(row.record.code);
      if (!list) this.#byCode.set(row.record.code, (list = []));
      list.push(row);
    }
  }
}
