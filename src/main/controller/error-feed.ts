/**
 * The errors that arrived since the last snapshot. A flood (10,000+ a second) costs one array push
 * or one counter increment per error, and a snapshot never carries more than `cap` of them: the rest
 * are counted as skipped (every one is already on disk in the run log).
 */
import type { ErrorRecord } from '../../shared/types';

export class ErrorFeed {
  private pending: ErrorRecord[] = [];
  private skipped = 0;

  constructor(private readonly cap: number) {}

  push(record: ErrorRecord): void {
    if (this.pending.length < this.cap) this.pending.push(record);
    else this.skipped++;
  }

  /** Hands over what arrived since the last call and starts afresh. */
  take(): { errors: ErrorRecord[]; skipped: number } {
    const taken = { errors: this.pending, skipped: this.skipped };
    this.pending = [];
    this.skipped = 0;
    return taken;
  }
}
