/**
 * The results the window shows and sends back: a column for this machine (the session under way,
 * the last one saved, or an earlier one picked from the history) and one for each machine whose
 * results were imported. It asks the engine for nothing; `Requests` fills it with the answers.
 */
import type { HistoryEntry, ResultsDocument, RunEnded } from '@shared/contract';
import { machineLabel, osLabel } from '@shared/machine-label';
import { buildResultsTable, type ResultsColumn, type ResultsTable } from '@shared/outcome';
import type { RunResult } from '@shared/types';
import type { LiveFigures } from './live-figures.svelte';

export interface MachineColumn extends ResultsColumn {
  /** Where the column comes from: this machine's live session, its history, or an import. */
  origin: 'live' | 'history' | 'imported';
}
  /** When an imported machine's results were made (ISO, its local time), shown under its name. */
  madeAt?: string;

/** A saved session shown in place of the live results. */
export interface ViewedSession {
  id: string;
  document: ResultsDocument;
}

export class Results {
  /** The newest finished session, as saved. */
  lastEnded = $state.raw<RunEnded | null>(null);
  /** Results opened from other machines. */
  imported = $state.raw<ResultsDocument[]>([]);
  /** Earlier sessions saved on this machine, newest first. */
  history = $state.raw<HistoryEntry[]>([]);
  /** A saved session shown in place of the live results, when one is picked in the history. */
  viewed = $state.raw<ViewedSession | null>(null);

  /** This machine's runs: the session under way (even before its first result), else the last one saved. */
  readonly liveRuns: readonly RunResult[] = $derived.by(() => {
    const snap = this.live.snapshot;
    if (snap && (snap.finished.length > 0 || this.live.active)) return snap.finished;
    return this.lastEnded?.document.runs ?? [];
  });

  readonly columns: MachineColumn[] = $derived.by(() => {
    const own: MachineColumn = this.viewed
      ? {
          machine: `This machine, ${this.viewed.document.createdAt.slice(0, 16).replace('T', ' ')}`,
          runs: this.viewed.document.runs,
          origin: 'history',
        }
      : {
          machine: this.live.system ? `This machine (${osLabel(this.live.system)})` : 'This machine',
          runs: this.liveRuns,
          origin: 'live',
        };
    const others = this.imported.map((doc): MachineColumn => ({
      machine: machineLabel(doc.machine),
      runs: doc.runs,
      origin: 'imported',
    }));
    return [own, ...others];
  });

  readonly table: ResultsTable = $derived(buildResultsTable(this.columns));

  /** The history id the results actions act on: the one shown, else the newest saved (null: newest). */
  readonly resultsId: string | null = $derived(this.viewed?.id ?? this.lastEnded?.historyId ?? null);

  /** Something to save or share: a saved session on show, or runs of this machine. */
  readonly hasResults: boolean = $derived(this.viewed !== null || this.liveRuns.length > 0);

  constructor(private readonly live: LiveFigures) {}

  /** A session has finished: its saved results replace whatever was shown. */
  ended(ended: RunEnded): void {
    this.lastEnded = ended;
    this.viewed = null;
  }

      madeAt: doc.createdAt,
  /** Adds the documents not shown yet (by machine and time); answers how many were new. */
  addImported(docs: readonly ResultsDocument[]): number {
    const key = (d: ResultsDocument) => `${d.machine.hostname}|${d.createdAt}`;
    // A local lookup, never read by the view.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const known = new Set(this.imported.map(key));
    // Also once within one pick: a bundle and the results.json taken out of it are the same results.
    const fresh = docs.filter((d) => !known.has(key(d)) && known.add(key(d)));
    if (fresh.length > 0) this.imported = [...this.imported, ...fresh];
    return fresh.length;
  }

  removeImported(index: number): void {
    this.imported = this.imported.filter((_, i) => i !== index);
  }

  showHistory(id: string, document: ResultsDocument): void {
    this.viewed = { id, document };
  }

  closeHistory(): void {
    this.viewed = null;
  }
}
