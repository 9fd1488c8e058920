import type { ErrorRecord, Outcome } from '../../shared/types';
import { graver, outcomeOf } from '../../shared/outcome';

/** Keep only the first and last errors in memory; counts stay exact. */
export interface ErrorRetention {
  first: number;
  last: number;
}

/**
 * A run's errors as they come: exact counts, the first and last records, and the outcome word.
 * The outcome is folded in error by error because retention may drop the very error that decides it.
 */
export class ErrorTally {
  readonly counts: Record<string, number> = Object.create(null) as Record<string, number>;
  total = 0;
  outcome: Outcome = 'ok';
  private readonly first: ErrorRecord[] = [];
  private last: ErrorRecord[] = [];

  /** Without a retention every error is kept. */
  constructor(private readonly retention?: ErrorRetention) {}

  add(record: ErrorRecord): void {
    this.total++;
    this.counts[record.code] = (this.counts[record.code] ?? 0) + 1;
    this.outcome = graver(this.outcome, outcomeOf(record));
    const retention = this.retention;
    if (!retention || this.first.length < retention.first) this.first.push(record);
    else {
      this.last.push(record);
      // Trim in chunks so a flood of errors costs O(1) each on average.
      if (this.last.length >= retention.last * 2) this.last = this.last.slice(-retention.last);
    }
  }

  /** The errors kept: the first ones, then the last ones, in order. */
  kept(): ErrorRecord[] {
    return [...this.first, ...this.last.slice(-(this.retention?.last ?? Infinity))];
  }
}
