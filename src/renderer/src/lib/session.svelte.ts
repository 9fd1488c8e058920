/**
 * The window's one source of state. It is handed the contract's `Api` (the preload's bridge in the
 * app, a fake in tests), replaces its raw snapshot whole on each message and derives every figure
 * from it, so components only read and call methods: none of them touches `window`.
 */
import { flushSync } from 'svelte';
import type {
  Api,
  ExportFormat,
  HistoryEntry,
  Reply,
  ResultsDocument,
  RunAllRequest,
  RunEnded,
  SessionState,
  Snapshot,
} from '@shared/contract';
import { ORIGINAL_MODES, type Mode } from '@shared/modes';
import { buildResultsTable, type ResultsColumn, type ResultsTable } from '@shared/outcome';
import { DEFAULT_CONFIG, type RunResult, type SessionConfig, type SystemInfo } from '@shared/types';
import { ErrorLog } from './error-log.svelte';
import { RunSeries } from './run-series.svelte';
import { validateForm, type RunForm } from './run-form';

/** The performance measure each applied snapshot records (read by the browser test). */
export const APPLY_MEASURE = 'sct-snapshot-apply';

const ACTIVE: readonly SessionState[] = ['waiting', 'running', 'draining', 'stopping'];

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface MachineColumn extends ResultsColumn {
  /** Where the column comes from: this machine's live session, its history, or an import. */
  origin: 'live' | 'history' | 'imported';
}

export class Session {
  snapshot = $state.raw<Snapshot | null>(null);
  system = $state.raw<SystemInfo | null>(null);
  /** The newest finished session, as saved. */
  lastEnded = $state.raw<RunEnded | null>(null);
  /** Results opened from other machines. */
  imported = $state.raw<ResultsDocument[]>([]);
  history = $state.raw<HistoryEntry[]>([]);
  /** A saved session shown in place of the live results, when one is picked in the history. */
  viewed = $state.raw<{ id: string; document: ResultsDocument } | null>(null);
  /** What the last action answered, when a person should read it. */
  notice = $state.raw<Notice | null>(null);
  /** The action waiting for its answer, so its button can say so. */
  pending = $state<string | null>(null);
  form = $state<RunForm>({
    mode: 'client',
    port: DEFAULT_CONFIG.port,
    durationSec: DEFAULT_CONFIG.durationSec,
    maxErrors: DEFAULT_CONFIG.maxErrors,
    force: false,
  });
  /** The code the error log is filtered on; null shows all. */
  logFilter = $state<string | null>(null);
  readonly log = new ErrorLog();
  readonly series = new RunSeries();

  readonly state: SessionState = $derived(this.snapshot?.state ?? 'idle');
  /** A session is under way: Start and Run all wait, Stop is offered. */
  readonly active: boolean = $derived(ACTIVE.includes(this.state));
  readonly platform: string | null = $derived(this.system?.platform ?? null);
  readonly formError: string | null = $derived(validateForm(this.form).error);

  /** Ephemeral ports held against the range: the exhaustion coming. */
  readonly ports = $derived.by(() => {
    const counts = this.snapshot?.netstat;
    const size = counts?.ephemeralSize ?? this.system?.ephemeralRange?.value?.count ?? null;
    const held = counts?.ephemeralHeld ?? null;
    const fraction = held !== null && size ? Math.min(1, held / size) : null;
    return { held, size, fraction };
  });

  /** This machine's runs: the session under way (even before its first result), else the last one saved. */
  readonly liveRuns: readonly RunResult[] = $derived.by(() => {
    const snap = this.snapshot;
    if (snap && (snap.finished.length > 0 || this.active)) return snap.finished;
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
          machine: `This machine (${this.system?.osName ?? 'this computer'})`,
          runs: this.liveRuns,
          origin: 'live',
        };
    const others = this.imported.map((doc): MachineColumn => ({
      machine: `${doc.machine.hostname} (${doc.machine.osName})`,
      runs: doc.runs,
      origin: 'imported',
    }));
    return [own, ...others];
  });

  readonly table: ResultsTable = $derived(buildResultsTable(this.columns));

  /** The history id the results actions act on: the one shown, else the newest saved (null: newest). */
  readonly resultsId: string | null = $derived(this.viewed?.id ?? this.lastEnded?.historyId ?? null);

  constructor(readonly api: Api) {}

  /** Subscribes to the main process and loads what the window shows first; returns the unsubscribe. */
  connect(): () => void {
    const offSnapshot = this.api.onSnapshot((s) => this.receive(s));
    const offEnded = this.api.onRunEnded((e) => this.ended(e));
    void this.api.getSnapshot().then(
      (s) => this.receive(s),
      () => this.#say('error', 'The window could not reach the test engine. Restart the program.'),
    );
    void this.api.getSystemInfo().then(
      (info) => (this.system = info),
      () => (this.system = null),
    );
    void this.refreshHistory();
    return () => {
      offSnapshot();
      offEnded();
    };
  }

  /** Applies a snapshot and renders it at once, timing both (the window must keep up at 4 per second). */
  receive(snapshot: Snapshot): void {
    const start = `${APPLY_MEASURE}:start`;
    performance.mark(start);
    this.apply(snapshot);
    flushSync();
    performance.measure(APPLY_MEASURE, start);
    // Marks would pile up over a day-long run; observers have already been handed the measure.
    performance.clearMarks(start);
    performance.clearMeasures(APPLY_MEASURE);
  }

  /** Takes in one snapshot; older or repeated ones (by seq) are ignored. Answers whether it was new. */
  apply(snapshot: Snapshot): boolean {
    const previous = this.snapshot;
    if (previous && snapshot.seq <= previous.seq) return false;
    if (previous && snapshot.sessionId !== null && snapshot.sessionId !== previous.sessionId) {
      this.log.clear();
      this.series.clear();
    }
    this.log.append(snapshot.newErrors, snapshot.mode, snapshot.newErrorsSkipped);
    if (snapshot.mode && snapshot.samples.length > 0) {
      this.series.merge(
        `${snapshot.sessionId}/${snapshot.runAll?.index ?? 0}/${snapshot.mode}`,
        snapshot.samples,
      );
    }
    this.snapshot = snapshot;
    return true;
  }

  ended(ended: RunEnded): void {
    this.lastEnded = ended;
    this.viewed = null;
    if (ended.message) this.#say(ended.historyId ? 'info' : 'error', ended.message);
    void this.refreshHistory();
  }

  pickMode(mode: Mode): void {
    this.form.mode = mode;
  }

  async start(): Promise<void> {
    const checked = validateForm(this.form);
    if (!checked.config) return this.#say('error', checked.error ?? 'Check the settings.');
    const config: SessionConfig = checked.config;
    await this.#call('start', () => this.api.start(config));
  }

  async runAll(): Promise<void> {
    const checked = validateForm(this.form);
    if (!checked.config) return this.#say('error', checked.error ?? 'Check the settings.');
    const { host, port, durationSec, maxErrors, connectionLimit } = checked.config;
    const request: RunAllRequest = {
      modes: [...ORIGINAL_MODES],
      host,
      port,
      durationSec,
      maxErrors,
      connectionLimit,
    };
    await this.#call('runAll', () => this.api.runAll(request));
  }

  async stop(): Promise<void> {
    await this.#call('stop', () => this.api.stop());
  }

  async exportResults(format: ExportFormat): Promise<void> {
    await this.#call(
      `export-${format}`,
      () => this.api.exportResults(format, this.resultsId),
      (path) => {
        if (path) this.#say('info', `Saved to ${path}`);
      },
    );
  }

  async copyTable(): Promise<void> {
    await this.#call(
      'copy',
      () => this.api.copyTable(this.resultsId, [...this.imported]),
      () => this.#say('info', 'The results table is on the clipboard, ready to paste.'),
    );
  }

  async saveBundle(): Promise<void> {
    await this.#call(
      'bundle',
      () => this.api.saveBundle(this.resultsId),
      (path) => {
        if (path) this.#say('info', `Diagnostics saved to ${path}`);
      },
    );
  }

  async importResults(): Promise<void> {
    await this.#call(
      'import',
      () => this.api.importResults(),
      (docs) => {
        const key = (d: ResultsDocument) => `${d.machine.hostname}|${d.createdAt}`;
        // A local lookup, never read by the view.
        // eslint-disable-next-line svelte/prefer-svelte-reactivity
        const known = new Set(this.imported.map(key));
        const fresh = docs.filter((d) => !known.has(key(d)));
        this.imported = [...this.imported, ...fresh];
        if (docs.length > 0 && fresh.length === 0) this.#say('info', 'Those results are already shown.');
      },
    );
  }

  removeImported(index: number): void {
    this.imported = this.imported.filter((_, i) => i !== index);
  }

  async refreshHistory(): Promise<void> {
    const reply = await this.#settle(() => this.api.listHistory());
    if (reply.ok) this.history = reply.value;
  }

  async openHistory(id: string): Promise<void> {
    await this.#call(
      'history',
      () => this.api.openHistory(id),
      (document) => {
        this.viewed = { id, document };
      },
    );
  }

  closeHistory(): void {
    this.viewed = null;
  }

  async openLogFolder(): Promise<void> {
    await this.#call('logs', () => this.api.openLogFolder());
  }

  dismissNotice(): void {
    this.notice = null;
  }

  async #call<T>(
    label: string,
    request: () => Promise<Reply<T>>,
    onValue?: (value: T) => void,
  ): Promise<void> {
    this.pending = label;
    this.notice = null;
    try {
      const reply = await this.#settle(request);
      if (reply.ok) onValue?.(reply.value);
      else this.#say('error', reply.error);
    } finally {
      this.pending = null;
    }
  }

  /** A request that throws (the bridge itself failed) becomes a Reply a person can read. */
  async #settle<T>(request: () => Promise<Reply<T>>): Promise<Reply<T>> {
    try {
      return await request();
    } catch {
      return { ok: false, error: 'The test engine did not answer. Restart the program and try again.' };
    }
  }

  #say(kind: Notice['kind'], text: string): void {
    this.notice = { kind, text };
  }
}
