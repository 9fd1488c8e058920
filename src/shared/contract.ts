/**
 * The one contract between the main process and the renderer: the methods the window may call,
 * the events it receives, and their channel names. main/ipc and preload both derive from it, so a
 * renamed channel or a changed payload breaks the build instead of the app.
 */
import type { Mode } from './modes';
import type { ErrorRecord, NetstatCounts, RunResult, Sample, SessionConfig, SystemInfo } from './types';
import type { WatchSnapshot } from './watch';

/** What a request answers: a value, or a message a person can read. Never a stack trace. */
export type Reply<T = null> = { ok: true; value: T } | { ok: false; error: string };

export type SessionState = 'idle' | 'waiting' | 'running' | 'draining' | 'stopping' | 'done' | 'failed';

/** A wait with a countdown: half-connections draining between modes or before a start. */
export interface Countdown {
  reason: 'drain' | 'before-start';
  /** Seconds left at most (TIME_WAIT's length bounds it). */
  remainingSec: number;
  /** Half-connections still listed for the port. */
  halfConnections: number;
}

export interface RunAllRequest {
  /** Modes to run in turn (default: the five original ones). */
  modes: Mode[];
  host: string;
  port: number;
  /** Seconds per mode. */
  durationSec: number;
  maxErrors: number;
  connectionLimit: number | null;
}

/**
 * What the window shows, sent about four times a second and once when a run ends: bounded in size
 * whatever the connection rate.
 */
export interface Snapshot {
  /** Increases by one with each snapshot of the app's life. */
  seq: number;
  /** Identifies the session (a single run or a Run all); changes when a new one starts. */
  sessionId: string | null;
  state: SessionState;
  mode: Mode | null;
  config: SessionConfig | null;
  /** For Run all: the modes and the position of the current one. */
  runAll: { modes: Mode[]; index: number } | null;
  elapsedMs: number;
  durationMs: number;
  connections: number;
  /** Connects in the last whole second. */
  connectsPerSec: number;
  errorTotal: number;
  /** Exact counts by code. */
  errorCounts: Record<string, number>;
  /** Errors since the previous snapshot, oldest first (at most 1,000; see newErrorsSkipped). */
  newErrors: ErrorRecord[];
  /** Errors since the previous snapshot that did not fit in newErrors (still saved on disk). */
  newErrorsSkipped: number;
  /** The newest poll, null when unavailable. */
  netstat: NetstatCounts | null;
  /** The newest per-second samples of the current run (at most 600). */
  samples: Sample[];
  countdown: Countdown | null;
  /** Results of the runs finished so far in this session (errors trimmed). */
  finished: RunResult[];
  /** A message for a person when state is 'failed' (or a notice otherwise). */
  message: string | null;
  /**
   * How the last session ended, once it has (state 'done' or 'failed'): 'stopped' when a stop cut
   * it short, with how many of its close orders ran. Null (or absent) while one runs and before the first.
   */
  ended?: { status: ResultsDocument['status']; ran: number; planned: number } | null;
  /**
   * Set when the last Start was refused because half-connections of an earlier run are still
   * listed: Start with `waitForDrain` waits for them (with a countdown) and then starts by itself.
   */
  canWaitToStart?: boolean;
}

/** How a single run starts. */
export interface StartOptions {
  /**
   * Wait first (with a countdown, as Run all does) until the half-connections of an earlier run
   * have left, instead of refusing the start.
   */
  waitForDrain: boolean;
}

export type ExportFormat = 'json' | 'markdown' | 'csv';

/** A saved or imported set of results: one run or a Run all, from one machine. */
export interface ResultsDocument {
  kind: 'socketclosetest-results';
  schemaVersion: 1;
  /** ISO 8601 local time. */
  createdAt: string;
  app: { name: string; version: string };
  machine: SystemInfo;
  /** complete, or how the session ended early. */
  status: 'complete' | 'stopped' | 'failed';
  runs: RunResult[];
}

/**
 * One run on its own, as the command line writes it with --json: the run's fields at the top
 * level (what scripts read), with the same header as a ResultsDocument.
 */
export interface RunDocument extends RunResult {
  kind: 'socketclosetest-run';
  schemaVersion: 1;
  createdAt: string;
  app: { name: string; version: string };
}

/**
 * Several machines' results in one file: the window's JSON export when imported results are shown
 * beside this machine's (its own first). Import and `compare` read it as its documents.
 */
export interface ComparisonDocument {
  kind: 'socketclosetest-comparison';
  schemaVersion: 1;
  createdAt: string;
  app: { name: string; version: string };
  documents: ResultsDocument[];
}

export interface HistoryEntry {
  id: string;
  createdAt: string;
  status: ResultsDocument['status'];
  modes: Mode[];
  /** One line, e.g. "client: exhausted, server: ok". */
  summary: string;
}

/** One saved session whose runs the current results include. */
export interface ResultsSource {
  /** Its history id; null when it could not be saved. */
  historyId: string | null;
  /** When it ended (ISO 8601 local time). */
  createdAt: string;
  status: ResultsDocument['status'];
  /** The close orders of it that the current results show (a later run of the same order replaces it). */
  modes: Mode[];
}

/**
 * The results the window shows and sends by default: the newest run of each close order since the
 * program opened (starting from the newest saved session), as one document, and where each comes from.
 */
export interface CurrentResults {
  /** The runs in close-order order; createdAt is the newest source's. */
  document: ResultsDocument;
  /** The sessions the runs come from, oldest first. */
  sources: ResultsSource[];
}

export interface RunEnded {
  sessionId: string;
  document: ResultsDocument;
  /** The history id it was saved under, or null if saving failed (message says why). */
  historyId: string | null;
  message: string | null;
}

/** The methods the window calls; the preload implements exactly this. */
export interface Api {
  start(config: SessionConfig, options?: StartOptions): Promise<Reply>;
  runAll(request: RunAllRequest): Promise<Reply>;
  stop(): Promise<Reply>;
  getSnapshot(): Promise<Snapshot>;
  getSystemInfo(): Promise<SystemInfo>;
  /**
   * Saves a history entry (or the newest results), with the imported results shown beside it,
   * through a save dialog; answers the path or null if cancelled.
   */
  exportResults(
    format: ExportFormat,
    historyId: string | null,
    imported: ResultsDocument[],
  ): Promise<Reply<string | null>>;
  /** Puts the Markdown results table (this machine and the imported ones) on the clipboard. */
  copyTable(historyId: string | null, imported: ResultsDocument[]): Promise<Reply>;
  /** Saves the diagnostics bundle (.zip) through a save dialog. */
  saveBundle(historyId: string | null): Promise<Reply<string | null>>;
  /** Opens results files from other machines through an open dialog. */
  importResults(): Promise<Reply<ResultsDocument[]>>;
  /** The results on show when no earlier session is picked (null: nothing run or saved yet). */
  currentResults(): Promise<Reply<CurrentResults | null>>;
  listHistory(): Promise<Reply<HistoryEntry[]>>;
  openHistory(id: string): Promise<Reply<ResultsDocument>>;
  openLogFolder(): Promise<Reply>;
  /**
   * Starts watching this computer's connections, a poll every `intervalSec` seconds (1 by
   * default, 0.25 at least); already watching, it changes nothing.
   */
  watchStart(intervalSec?: number): Promise<Reply>;
  watchStop(): Promise<Reply>;
  getWatchSnapshot(): Promise<WatchSnapshot>;
  /** Saves the newest watch's CSV time series through a save dialog; answers the path or null if cancelled. */
  exportWatchCsv(): Promise<Reply<string | null>>;
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  onRunEnded(listener: (ended: RunEnded) => void): () => void;
  /** The watch's snapshots, at most four a second, and one when it stops. */
  onWatchSnapshot(listener: (snapshot: WatchSnapshot) => void): () => void;
}

/** The Api's event methods: everything else is a request with its own invoke channel. */
export type EventMethod = 'onSnapshot' | 'onRunEnded' | 'onWatchSnapshot';

/** Invoke channels, one per request method. */
export const INVOKE = {
  start: 'session:start',
  runAll: 'session:run-all',
  stop: 'session:stop',
  getSnapshot: 'session:get-snapshot',
  getSystemInfo: 'system:get-info',
  exportResults: 'results:export',
  copyTable: 'results:copy-table',
  saveBundle: 'results:save-bundle',
  importResults: 'results:import',
  currentResults: 'results:current',
  listHistory: 'history:list',
  openHistory: 'history:open',
  openLogFolder: 'app:open-log-folder',
  watchStart: 'watch:start',
  watchStop: 'watch:stop',
  getWatchSnapshot: 'watch:get-snapshot',
  exportWatchCsv: 'watch:export-csv',
} as const satisfies Record<Exclude<keyof Api, EventMethod>, string>;

/** Event channels, main to renderer. */
export const EVENTS = {
  snapshot: 'session:snapshot',
  runEnded: 'session:run-ended',
  watchSnapshot: 'watch:snapshot',
} as const;
