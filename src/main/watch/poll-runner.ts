/**
 * One poll: the table read into the model, on whichever thread runs it (the watch's own thread, or
 * the caller's without one). A table that cannot be read gives an error poll, never a throw, so a
 * watch goes on and the next poll tries again.
 */
import { performance } from 'node:perf_hooks';
import type { ExhaustionEvents, WatchPoll } from '../../shared/watch';
import { UserError } from '../user-error';
import type { WatchModel } from './model';
import type { TableSource } from './table-source';

/** Windows' System log is read this often at most: it changes rarely and wevtutil takes a while. */
const EVENTS_EVERY_MS = 60_000;
/** The first poll waits this long at most for the log, so a single poll (watch --once) carries it. */
const FIRST_EVENTS_WAIT_MS = 5000;

export class PollRunner {
  private events: ExhaustionEvents | undefined;
  private eventsReadMs = -Infinity;
  private eventsReading = false;
  private first = true;

  constructor(
    private readonly source: TableSource,
    private readonly model: WatchModel,
  ) {}

  async poll(): Promise<WatchPoll> {
    const events = this.readEventsWhenDue();
    if (this.first && events) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_EVENTS_WAIT_MS)));
      await Promise.race([events, late]);
      clearTimeout(timer);
    }
    this.first = false;
    const started = performance.now();
    try {
      const info = await this.source.read(this.model.begin());
      const pollMs = round(performance.now() - started);
      return this.model.end(info, { pollMs, nowMs: Date.now(), exhaustionEvents: this.events });
    } catch (error) {
      const pollMs = round(performance.now() - started);
      return this.model.failed(sentenceOf(error), { pollMs, nowMs: Date.now() });
    }
  }

  /**
   * In the background, so a slow log never holds up a poll (but the first): a poll carries the
   * newest read. Returns the read when one starts.
   */
  private readEventsWhenDue(): Promise<void> | null {
    const read = this.source.exhaustionEvents?.bind(this.source);
    const now = performance.now();
    if (!read || this.eventsReading || now - this.eventsReadMs < EVENTS_EVERY_MS) return null;
    this.eventsReading = true;
    this.eventsReadMs = now;
    return read()
      .then((events) => {
        this.events = events;
      })
      .catch(() => {
        // The reader says in its own result when the log cannot be read; a throw keeps the last one.
      })
      .finally(() => {
        this.eventsReading = false;
      });
  }
}

export function sentenceOf(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `This computer's connections cannot be read: ${message}`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
