/**
 * An `Api` for the window's tests: it records every call, answers with the replies a test sets,
 * and lets the test push snapshots and run-ended events as the main process would.
 */
import type {
  Api,
  EventMethod,
  CurrentResults,
  HistoryEntry,
  Reply,
  ResultsDocument,
  RunEnded,
  Snapshot,
} from '@shared/contract';
import type { SystemInfo } from '@shared/types';
import type { WatchSnapshot } from '@shared/watch';
import { withSession } from '@renderer/store/results.svelte';
import { linuxMachine, snapshot } from './fixtures';

type Method = Exclude<keyof Api, EventMethod>;

export class FakeApi implements Api {
  calls: { method: Method; args: unknown[] }[] = [];
  /** What each method answers next; a method without one answers ok. */
  replies: Partial<Record<Method, Reply<unknown>>> = {};
  current: Snapshot = snapshot();
  system: SystemInfo = linuxMachine();
  historyEntries: HistoryEntry[] = [];
  documents = new Map<string, ResultsDocument>();
  /** What currentResults answers: everything run since the program opened, or the newest saved. */
  currentResultsValue: CurrentResults | null = null;
  #snapshotListeners = new Set<(s: Snapshot) => void>();
  #endedListeners = new Set<(e: RunEnded) => void>();
  /** What getWatchSnapshot answers: the newest pushed. */
  watchCurrent: WatchSnapshot = { seq: 0, watching: false, poll: null, series: [] };
  #watchListeners = new Set<(s: WatchSnapshot) => void>();

  get listenerCount(): number {
    return this.#snapshotListeners.size + this.#endedListeners.size + this.#watchListeners.size;
  }

  pushWatch(next: WatchSnapshot): void {
    this.watchCurrent = next;
    for (const l of this.#watchListeners) l(next);
  }

  push(next: Snapshot): void {
    this.current = next;
    for (const l of this.#snapshotListeners) l(next);
  }

  end(ended: RunEnded): void {
    // As the main process does: a session that ran something replaces the same close orders' runs.
    this.currentResultsValue = withSession(this.currentResultsValue, ended);
    for (const l of this.#endedListeners) l(ended);
  }

  #answer<T>(method: Method, args: unknown[], value: T): Promise<Reply<T>> {
    this.calls.push({ method, args });
    const set = this.replies[method] as Reply<T> | undefined;
    return Promise.resolve(set ?? { ok: true, value });
  }

  start(...args: Parameters<Api['start']>) {
    return this.#answer('start', args, null);
  }
  runAll(...args: Parameters<Api['runAll']>) {
    return this.#answer('runAll', args, null);
  }
  stop() {
    return this.#answer('stop', [], null);
  }
  getSnapshot() {
    this.calls.push({ method: 'getSnapshot', args: [] });
    return Promise.resolve(this.current);
  }
  getSystemInfo() {
    this.calls.push({ method: 'getSystemInfo', args: [] });
    return Promise.resolve(this.system);
  }
  exportResults(...args: Parameters<Api['exportResults']>) {
    return this.#answer<string | null>('exportResults', args, `/home/user/results.${args[0]}`);
  }
  copyTable(...args: Parameters<Api['copyTable']>) {
    return this.#answer('copyTable', args, null);
  }
  saveBundle(...args: Parameters<Api['saveBundle']>) {
    return this.#answer<string | null>('saveBundle', args, '/home/user/diagnostics.zip');
  }
  importResults() {
    return this.#answer<ResultsDocument[]>('importResults', [], []);
  }
  currentResults() {
    return this.#answer('currentResults', [], this.currentResultsValue);
  }
  listHistory() {
    return this.#answer('listHistory', [], this.historyEntries);
  }
  openHistory(id: string) {
    const doc = this.documents.get(id);
    if (!doc) {
      this.calls.push({ method: 'openHistory', args: [id] });
      return Promise.resolve<Reply<ResultsDocument>>({
        ok: false,
        error: 'That saved session is no longer there.',
      });
    }
    return this.#answer('openHistory', [id], doc);
  }
  openLogFolder() {
    return this.#answer('openLogFolder', [], null);
  }
  watchStart(...args: Parameters<Api['watchStart']>) {
    return this.#answer('watchStart', args, null);
  }
  watchStop() {
    return this.#answer('watchStop', [], null);
  }
  getWatchSnapshot() {
    this.calls.push({ method: 'getWatchSnapshot', args: [] });
    return Promise.resolve(this.watchCurrent);
  }
  exportWatchCsv() {
    return this.#answer<string | null>('exportWatchCsv', [], '/home/user/watch.csv');
  }
  onWatchSnapshot(listener: (s: WatchSnapshot) => void) {
    this.#watchListeners.add(listener);
    return () => void this.#watchListeners.delete(listener);
  }
  onSnapshot(listener: (s: Snapshot) => void) {
    this.#snapshotListeners.add(listener);
    return () => void this.#snapshotListeners.delete(listener);
  }
  onRunEnded(listener: (e: RunEnded) => void) {
    this.#endedListeners.add(listener);
    return () => void this.#endedListeners.delete(listener);
  }
}
