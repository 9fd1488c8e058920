/**
 * The "This computer" view: the watch's newest snapshot (replaced whole on each message), how its
 * destinations are sorted, and the view's own requests (start, stop, export) with their answer,
 * which shows beside its buttons.
 */
import type { Api, Reply } from '@shared/contract';
import type { DestinationStat, WatchPoll, WatchSnapshot } from '@shared/watch';
import { t } from '@renderer/i18n/locale.svelte';
import type { Notice } from './requests.svelte';

export type WatchRequest = 'start' | 'stop' | 'export';
export type DestinationSort = 'endpoint' | 'held' | 'newPerSecond' | 'total';

/** Destinations in the order asked for; ties keep the poll's order (busiest first). */
export function sortDestinations(
  list: readonly DestinationStat[],
  key: DestinationSort,
  descending: boolean,
): DestinationStat[] {
  const sign = descending ? -1 : 1;
  const value = (d: DestinationStat): number =>
    key === 'held' ? (d.share ?? d.held) : key === 'newPerSecond' ? d.newPerSecond : d.total;
  return list
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const by = key === 'endpoint' ? a.d.endpoint.localeCompare(b.d.endpoint) : value(a.d) - value(b.d);
      return by !== 0 ? sign * by : a.i - b.i;
    })
    .map((x) => x.d);
}

export class WatchStore {
  snapshot = $state.raw<WatchSnapshot | null>(null);
  sortKey = $state<DestinationSort>('held');
  descending = $state(true);
  #pending = $state<WatchRequest | null>(null);
  #notice = $state.raw<Notice | null>(null);

  readonly watching: boolean = $derived(this.snapshot?.watching ?? false);
  readonly poll: WatchPoll | null = $derived(this.snapshot?.poll ?? null);
  readonly destinations: DestinationStat[] = $derived(
    sortDestinations(this.poll?.destinations ?? [], this.sortKey, this.descending),
  );
  /** A sentence when the CSV series stopped short (its size cap, or the disk refused it). */
  readonly csvNote: string | null = $derived(this.snapshot?.csvNote ?? null);

  constructor(private readonly api: Api) {}

  get pending(): WatchRequest | null {
    return this.#pending;
  }

  get notice(): Notice | null {
    return this.#notice;
  }

  /** Takes in a snapshot; older or repeated ones (by seq) are ignored. */
  receive(snapshot: WatchSnapshot): void {
    if (this.snapshot && snapshot.seq <= this.snapshot.seq) return;
    this.snapshot = snapshot;
  }

  /** A header pressed: the same column again turns the order round; a new one starts busiest first. */
  sortBy(key: DestinationSort): void {
    if (this.sortKey === key) this.descending = !this.descending;
    else {
      this.sortKey = key;
      this.descending = key !== 'endpoint';
    }
  }

  async start(): Promise<void> {
    await this.#call('start', () => this.api.watchStart());
  }

  async stop(): Promise<void> {
    await this.#call('stop', () => this.api.watchStop());
  }

  async exportCsv(): Promise<void> {
    await this.#call(
      'export',
      () => this.api.exportWatchCsv(),
      (path) => (typeof path === 'string' ? t('watch.exported', { path }) : null),
    );
  }

  dismissNotice(): void {
    this.#notice = null;
  }

  async #call<T>(
    what: WatchRequest,
    request: () => Promise<Reply<T>>,
    said?: (value: T) => string | null,
  ): Promise<void> {
    if (this.#pending) return;
    this.#pending = what;
    this.#notice = null;
    try {
      const reply = await request();
      if (!reply.ok) this.#notice = { kind: 'error', text: reply.error };
      else {
        const text = said?.(reply.value) ?? null;
        if (text) this.#notice = { kind: 'info', text };
      }
    } catch {
      this.#notice = { kind: 'error', text: t('watch.unanswered') };
    } finally {
      this.#pending = null;
    }
  }
}
