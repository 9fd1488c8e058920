/**
 * Where an answer shows: beside the buttons that asked for it, not at the top of the page, which
 * at 1024 x 700 is a whole screen away from the results' buttons. Only the session's own news
 * (a session ended, the engine cannot be reached) shows at the top.
 */
import type { Snapshot } from '@shared/contract';
import type { PendingRequest } from '@renderer/store/requests.svelte';

export type NoticePlace = 'top' | 'run' | 'results' | 'next-step';

/** Whether a Run all has ended and its figures are still on show: the moment to say what to send back. */
export function runAllOver(snapshot: Snapshot | null): boolean {
  return snapshot?.runAll != null && (snapshot.state === 'done' || snapshot.state === 'failed');
}

/** The place for the answer to `from`: beside the button that asked. */
export function noticePlace(from: PendingRequest | null): NoticePlace {
  switch (from) {
    case null:
      return 'top';
    case 'start':
    case 'run-all':
    case 'stop':
      return 'run';
    case 'bundle-next-step':
      return 'next-step';
    default:
      return 'results';
  }
}
