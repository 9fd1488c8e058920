/**
 * The window's one store, in three parts: `live`, what the engine is doing now (from snapshots);
 * `results`, what the window shows and sends back (this machine, earlier sessions, imports); and
 * `requests`, what the window asks of the engine (the calls, the one pending, what they answered).
 * It is handed the contract's `Api` (the preload's bridge in the app, a fake in tests), so no
 * component touches `window`.
 *
 * Not called a session: a session is one Start or one Run all, and this store outlives many.
 */
import type { Api, RunEnded } from '@shared/contract';
import { LiveFigures } from './live-figures.svelte';
import { Requests } from './requests.svelte';
import { Results } from './results.svelte';
import { WatchStore } from './watch.svelte';

/** The window's two views: the close-order test, and this computer's own connections. */
export type WindowView = 'test' | 'computer';

export class WindowStore {
  readonly live = new LiveFigures();
  readonly results: Results;
  readonly requests: Requests;
  readonly watch: WatchStore;
  view = $state<WindowView>('test');

  constructor(private readonly api: Api) {
    this.results = new Results(this.live);
    this.requests = new Requests(api, this.results);
    this.watch = new WatchStore(api);
  }

  /** Subscribes to the main process and loads what the window shows first; returns the unsubscribe. */
  connect(): () => void {
    const offSnapshot = this.api.onSnapshot((s) => this.live.receive(s));
    const offEnded = this.api.onRunEnded((e) => this.ended(e));
    const offWatch = this.api.onWatchSnapshot((s) => this.watch.receive(s));
    void this.api.getWatchSnapshot().then(
      (s) => this.watch.receive(s),
      () => {},
    );
    void this.api.getSnapshot().then(
      (s) => this.live.receive(s),
      () => this.requests.say('error', 'The window could not reach the test engine. Restart the program.'),
    );
    void this.api.getSystemInfo().then(
      (info) => (this.live.system = info),
      () => (this.live.system = null),
    );
    void this.requests.refreshHistory();
    void this.requests.refreshCurrent();
    return () => {
      offSnapshot();
      offEnded();
      offWatch();
    };
  }

  /** A session has finished and been saved (or could not be): show it, and list it with the others. */
  ended(ended: RunEnded): void {
    this.results.ended(ended);
    if (ended.message) this.requests.say(ended.historyId ? 'info' : 'error', ended.message);
    void this.requests.refreshHistory();
    void this.requests.refreshCurrent();
  }
}
