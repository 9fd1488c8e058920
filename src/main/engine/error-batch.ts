import type { ErrorRecord } from '../../shared/types';
import type { WorkerMessage } from './protocol';

/**
 * Errors go to the run's thread in batches: one message per error would cost that
 * thread more than the errors themselves when a run fails tens of thousands of times a second.
 */
export class ErrorBatch {
  private records: ErrorRecord[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly post: (message: WorkerMessage) => void,
    private readonly maxDelayMs = 25,
    private readonly maxSize = 500,
  ) {}

  push(record: ErrorRecord): void {
    this.records.push(record);
    if (this.records.length >= this.maxSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.records.length === 0) return;
    const records = this.records;
    this.records = [];
    this.post({ type: 'errors', records });
  }
}
