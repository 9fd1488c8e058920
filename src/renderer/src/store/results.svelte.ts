/**
 * The results the window shows and sends back: a column for this machine (the session under way,
 * the last one saved, or an earlier one picked from the history) and one for each machine whose
 * results were imported. It asks the engine for nothing; `Requests` fills it with the answers.
 */
import type { CurrentResults, HistoryEntry, ResultsDocument, RunEnded } from '@shared/contract';
import { machineLabel, osLabel } from '@shared/machine-label';
import { buildResultsTable, type ResultsColumn, type ResultsTable } from '@shared/outcome';
import type { RunResult } from '@shared/types';
import { t } from '@renderer/i18n/locale.svelte';
import { recordedDateTime } from '@renderer/lib/format';
import type { LiveFigures } from './live-figures.svelte';
import { ViewedFigures } from './viewed-figures.svelte';

export interface MachineColumn extends ResultsColumn {
  /** Where the column comes from: this machine's live session, its history, or an import. */
  origin: 'live' | 'history' | 'imported';
  /** When an imported machine's results were made (ISO, its local time), shown under its name. */
  madeAt?: string;
}

/** A saved session shown in place of the live results. */
export interface ViewedSession {
  id: string;
  document: ResultsDocument;
}

/** The current results with a finished session's runs in place of the same close orders'. */
export function withSession(current: CurrentResults | null, ended: RunEnded): CurrentResults | null {
  const runs = ended.document.runs;
  if (runs.length === 0) return current;
  const modes = runs.map((r) => r.mode);
  const kept = (current?.document.runs ?? []).filter((r) => !modes.includes(r.mode));
  const sources = (current?.sources ?? [])
    .map((s) => ({ ...s, modes: s.modes.filter((m) => !modes.includes(m)) }))
    .filter((s) => s.modes.length > 0);
  const source = {
    historyId: ended.historyId,
    createdAt: ended.document.createdAt,
    status: ended.document.status,
    modes,
  };
  return {
    document: { ...ended.document, runs: [...kept, ...runs] },
    sources: [...sources, source],
  };
}

export class Results {
  /** The newest finished session, as saved. */
  lastEnded = $state.raw<RunEnded | null>(null);
  /**
   * Everything run since the program opened (the newest run of each close order), starting from the
   * newest saved session: what the table shows and the exports send when no earlier session is picked.
   */
  current = $state.raw<CurrentResults | null>(null);
  /** Results opened from other machines. */
  imported = $state.raw<ResultsDocument[]>([]);
  /** Earlier sessions saved on this machine, newest first. */
  history = $state.raw<HistoryEntry[]>([]);
  /** A saved session shown in place of the live results, when one is picked in the history. */
  viewed = $state.raw<ViewedSession | null>(null);
  /** The picked session's state, counters, chart and error log, for the live panel. */
  viewedFigures = $state.raw<ViewedFigures | null>(null);

  /**
   * This machine's runs: the current results, with the runs the session under way has finished
   * in place of the same close orders' (a session that ran nothing replaces nothing).
   */
  readonly liveRuns: readonly RunResult[] = $derived.by(() => {
    const base = this.current?.document.runs ?? [];
    const snap = this.live.snapshot;
    if (!snap || snap.finished.length === 0) return base;
    const newer = snap.finished.map((r) => r.mode);
    return [...base.filter((r) => !newer.includes(r.mode)), ...snap.finished];
  });

  /** When the runs on show ran, by session (empty when they come from one session, or none). */
  readonly coverage: { modes: string[]; createdAt: string }[] = $derived(
    this.viewed || !this.current || this.current.sources.length < 2
      ? []
      : this.current.sources.map((s) => ({ modes: [...s.modes], createdAt: s.createdAt })),
  );

  readonly columns: MachineColumn[] = $derived.by(() => {
    const own: MachineColumn = this.viewed
      ? {
          machine: t('machine.thisSaved', {
            when: recordedDateTime(this.viewed.document.createdAt, 'minutes'),
          }),
          runs: this.viewed.document.runs,
          origin: 'history',
        }
      : {
          machine: this.live.system
            ? t('machine.thisWithOs', { os: osLabel(this.live.system) })
            : t('machine.this'),
          runs: this.liveRuns,
          origin: 'live',
        };
    const others = this.imported.map((doc): MachineColumn => ({
      machine: machineLabel(doc.machine),
      runs: doc.runs,
      origin: 'imported',
      madeAt: doc.createdAt,
    }));
    return [own, ...others];
  });

  readonly table: ResultsTable = $derived(buildResultsTable(this.columns));

  /** The history id the results actions act on: the one picked, else null for the current results. */
  readonly resultsId: string | null = $derived(this.viewed?.id ?? null);

  /** Something to save or share: a saved session on show, or runs of this machine. */
  readonly hasResults: boolean = $derived(this.viewed !== null || this.liveRuns.length > 0);

  constructor(private readonly live: LiveFigures) {}

  /**
   * A session has finished: its runs take the place of the same close orders' in the current
   * results at once (as the main process does; the caller fetches them anew to be sure), and the
   * current results are shown again. A session that ran nothing changes nothing.
   */
  ended(ended: RunEnded): void {
    this.lastEnded = ended;
    this.current = withSession(this.current, ended);
    this.closeHistory();
  }

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
    this.viewedFigures = new ViewedFigures(id, document);
  }

  closeHistory(): void {
    this.viewed = null;
    this.viewedFigures = null;
  }
}
