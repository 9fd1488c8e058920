/**
 * The results the window shows and sends by default: the newest run of each close order since the
 * program opened, so a single mode run after a Run all replaces that mode's row and keeps the other
 * four. Before anything has run it starts from the newest saved sessions (see seedSessions), so
 * a program reopened after a restart still shows (and exports) the results it had. A session that
 * ran nothing (a Run all stopped while it waited) changes nothing.
 */
import type {
  CurrentResults,
  HistoryEntry,
  ResultsDocument,
  ResultsSource,
  RunEnded,
} from '../../shared/contract';
import { MODES, ORIGINAL_MODES, type Mode } from '../../shared/modes';
import type { RunResult } from '../../shared/types';
import { resultsDocument } from '../results/documents';

interface Held {
  run: RunResult;
  source: { historyId: string | null; createdAt: string; status: ResultsDocument['status'] };
  /** Where the run came in: a later one of the same order replaces it. */
  order: number;
}

const RANK: Record<ResultsDocument['status'], number> = { complete: 0, stopped: 1, failed: 2 };

export class CurrentResultsSet {
  private readonly byMode = new Map<Mode, Held>();
  private app: ResultsDocument['app'] | null = null;
  private machine: ResultsDocument['machine'] | null = null;
  private count = 0;

  /** Whether any session has been taken in (saved or run). */
  get empty(): boolean {
    return this.byMode.size === 0;
  }

  /** Takes in a session's runs (a session that ran nothing leaves everything as it was). */
  add(document: ResultsDocument, historyId: string | null): void {
    if (document.runs.length === 0) return;
    this.app = document.app;
    this.machine = document.machine;
    const source = { historyId, createdAt: document.createdAt, status: document.status };
    for (const run of document.runs) this.byMode.set(run.mode, { run, source, order: this.count++ });
  }

  /** A session has ended: its runs replace those of the same close orders. */
  ended(ended: RunEnded): void {
    this.add(ended.document, ended.historyId);
  }

  /** The set as one document, or null when nothing has run or been saved. */
  current(): CurrentResults | null {
    if (!this.app || !this.machine || this.byMode.size === 0) return null;
    const held = MODES.flatMap((mode) => {
      const h = this.byMode.get(mode);
      return h ? [h] : [];
    });
    const sources: ResultsSource[] = [];
    for (const h of [...held].sort((a, b) => a.order - b.order)) {
      const known = sources.find(
        (s) => s.historyId === h.source.historyId && s.createdAt === h.source.createdAt,
      );
      if (known) known.modes.push(h.run.mode);
      else sources.push({ ...h.source, modes: [h.run.mode] });
    }
    // The worst status of the sessions it draws on: a row from a stopped session stays marked so.
    const status = sources.reduce<ResultsDocument['status']>(
      (worst, s) => (RANK[s.status] > RANK[worst] ? s.status : worst),
      'complete',
    );
    const newest = sources[sources.length - 1]!;
    const document = resultsDocument(
      held.map((h) => h.run),
      status,
      this.machine,
      this.app,
    );
    document.createdAt = newest.createdAt;
    for (const s of sources) s.modes.sort((a, b) => MODES.indexOf(a) - MODES.indexOf(b));
    return { document, sources };
  }
}

/** At most this many saved sessions make up the results on show when the program opens. */
const SEED_SESSIONS = 20;
const SEED_SPAN_MS = 24 * 60 * 60 * 1000;

/**
 * Which saved sessions (newest first) the results on show start from: the newest, then older ones
 * until every original close order has a result, none more than a day older than the newest.
 */
export function seedSessions(history: readonly HistoryEntry[]): HistoryEntry[] {
  const newest = history[0];
  if (!newest) return [];
  const newestMs = Date.parse(newest.createdAt);
  const covered = new Set<Mode>();
  const picked: HistoryEntry[] = [];
  for (const entry of history.slice(0, SEED_SESSIONS)) {
    if (picked.length > 0 && !(newestMs - Date.parse(entry.createdAt) <= SEED_SPAN_MS)) break;
    picked.push(entry);
    for (const mode of entry.modes) covered.add(mode);
    if (ORIGINAL_MODES.every((mode) => covered.has(mode))) break;
  }
  return picked;
}
