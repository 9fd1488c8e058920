/**
 * `window.api` for the browser run: the same named methods the preload exposes, each forwarded to
 * the main process's request handlers running here in Node (the code the IPC handlers call), and
 * the controller's snapshot and run-ended events pushed into the page. Only the transport differs
 * from the app: Playwright's binding instead of Electron's IPC.
 */
import type { Page } from 'playwright-core';
import type { Api, RunEnded, Snapshot } from '../../../src/shared/contract';
import type { WatchSnapshot } from '../../../src/shared/watch';
import { INVOKE } from '../../../src/shared/contract';

type RequestMethod = keyof typeof INVOKE;
/** The request side as main implements it: raw (untrusted) arguments in, the contract's answer out. */
export type Requests = { [K in RequestMethod]: (args: unknown[]) => ReturnType<Api[K]> };

export interface Backend {
  requests: Requests;
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  onRunEnded(listener: (ended: RunEnded) => void): () => void;
  /** The watch's snapshots; a backend without a watch never sends any. */
  onWatchSnapshot?(listener: (snapshot: WatchSnapshot) => void): () => void;
}

type EventKind = 'snapshot' | 'runEnded' | 'watchSnapshot';

interface PageGlobals {
  api: Api;
  __sctInvoke(method: RequestMethod, args: unknown[]): Promise<unknown>;
  __sctEmit(kind: EventKind, payload: unknown): void;
}

/**
 * Runs in the page before its scripts. Self-contained (Playwright sends its source), and written
 * out method by method against `Api`, like the preload, so a renamed method breaks this file too.
 */
function defineApi(): void {
  const page = globalThis as unknown as PageGlobals;
  const snapshotListeners = new Set<(s: Snapshot) => void>();
  const endedListeners = new Set<(e: RunEnded) => void>();
  const watchListeners = new Set<(s: WatchSnapshot) => void>();
  const call = <K extends RequestMethod>(method: K, args: unknown[]) =>
    page.__sctInvoke(method, args) as ReturnType<Api[K]>;
  const api = {
    start: (config, options) => call('start', [config, options]),
    runAll: (request) => call('runAll', [request]),
    stop: () => call('stop', []),
    getSnapshot: () => call('getSnapshot', []),
    getSystemInfo: () => call('getSystemInfo', []),
    exportResults: (format, historyId, imported) => call('exportResults', [format, historyId, imported]),
    copyTable: (historyId, imported) => call('copyTable', [historyId, imported]),
    saveBundle: (historyId) => call('saveBundle', [historyId]),
    importResults: () => call('importResults', []),
    currentResults: () => call('currentResults', []),
    listHistory: () => call('listHistory', []),
    openHistory: (id) => call('openHistory', [id]),
    openLogFolder: () => call('openLogFolder', []),
    watchStart: (intervalSec) => call('watchStart', intervalSec === undefined ? [] : [intervalSec]),
    watchStop: () => call('watchStop', []),
    getWatchSnapshot: () => call('getWatchSnapshot', []),
    exportWatchCsv: () => call('exportWatchCsv', []),
    onSnapshot(listener) {
      snapshotListeners.add(listener);
      return () => void snapshotListeners.delete(listener);
    },
    onRunEnded(listener) {
      endedListeners.add(listener);
      return () => void endedListeners.delete(listener);
    },
    onWatchSnapshot(listener) {
      watchListeners.add(listener);
      return () => void watchListeners.delete(listener);
    },
  } satisfies Api;
  page.api = api;
  page.__sctEmit = (kind, payload) => {
    if (kind === 'snapshot') for (const l of snapshotListeners) l(payload as Snapshot);
    else if (kind === 'watchSnapshot') for (const l of watchListeners) l(payload as WatchSnapshot);
    else for (const l of endedListeners) l(payload as RunEnded);
  };
}

export interface Bridge {
  /** Pushes a snapshot into the page as main would (the speed check feeds its own). */
  emitSnapshot(snapshot: Snapshot): Promise<void>;
  /** Stops forwarding events. */
  detach(): void;
}

const METHODS = new Set<string>(Object.keys(INVOKE));

export async function installBridge(page: Page, backend: Backend): Promise<Bridge> {
  await page.exposeBinding('__sctInvoke', (_source, method: string, args: unknown) => {
    if (!METHODS.has(method) || !Array.isArray(args))
      throw new Error(`The page asked for an unknown method: ${method}`);
    return backend.requests[method as RequestMethod](args);
  });
  await page.addInitScript(defineApi);
  // Events go in order through one queue: a later snapshot must never overtake an earlier one.
  let queue = Promise.resolve();
  const emit = (kind: EventKind, payload: unknown): Promise<void> => {
    queue = queue
      .then(() =>
        page.evaluate(([k, p]) => (globalThis as unknown as PageGlobals).__sctEmit(k, p), [
          kind,
          payload,
        ] as const),
      )
      .catch(() => {
        // The page closed or is navigating: events for it no longer matter.
      });
    return queue;
  };
  const offSnapshot = backend.onSnapshot((s) => void emit('snapshot', s));
  const offEnded = backend.onRunEnded((e) => void emit('runEnded', e));
  const offWatch = backend.onWatchSnapshot?.((s) => void emit('watchSnapshot', s)) ?? (() => {});
  return {
    emitSnapshot: (snapshot) => emit('snapshot', snapshot),
    detach() {
      offSnapshot();
      offEnded();
      offWatch();
    },
  };
}
