/**
 * The only place that sends to the window. Snapshots are already paced by the controller (about
 * four a second), so this just drops them when there is no live window to receive them.
 */
import type { WebContents } from 'electron';
import { EVENTS, type RunEnded, type Snapshot } from '../../../shared/contract';
import type { WatchSnapshot } from '../../../shared/watch';

export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed'>;

export interface WindowEvents {
  snapshot(snapshot: Snapshot): void;
  runEnded(ended: RunEnded): void;
  /** Paced by the watch service (at most four a second). */
  watchSnapshot(snapshot: WatchSnapshot): void;
}

/** `target` is asked each time, since the window can be closed and reopened during a run. */
export function windowEvents(target: () => EventTarget | null): WindowEvents {
  const send = (channel: string, payload: unknown): void => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(channel, payload);
  };
  return {
    snapshot: (snapshot) => send(EVENTS.snapshot, snapshot),
    runEnded: (ended) => send(EVENTS.runEnded, ended),
    watchSnapshot: (snapshot) => send(EVENTS.watchSnapshot, snapshot),
  };
}
