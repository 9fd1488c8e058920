/**
 * Windows' port-exhaustion events (4227, 4231) in words, the same in the Markdown report and the
 * bundle's README: "none", the events with their times, or why the log could not be read.
 */
import type { ExhaustionEvents } from '../../shared/watch';

export const EXHAUSTION_LABEL = 'Windows port-exhaustion events (4227, 4231) in the last 24 hours';

const WHAT: Record<4227 | 4231, string> = {
  4227: 'a local port was reused too soon toward the same destination',
  4231: 'no ephemeral port was left',
};

/** The short answer: "none", "2 (listed below)" or "unknown (The System log could not be read: ...)". */
export function exhaustionSummary(events: ExhaustionEvents, listed = 'listed below'): string {
  if (!events.available) return `unknown (${events.note ?? 'the System log could not be read'})`;
  if (events.events.length === 0) return 'none';
  return `${events.events.length} (${listed})`;
}

/** One line per event: "2026-12-03 15:55:12, event 4231 (no ephemeral port was left): <message>". */
export function exhaustionEventLines(events: ExhaustionEvents): string[] {
  return events.events.map((e) => {
    const when = e.time ? e.time.slice(0, 19).replace('T', ' ') : 'time unknown';
    return `${when}, event ${e.id} (${WHAT[e.id]})${e.message ? `: ${e.message}` : ''}`;
  });
}
