/**
 * What the window says when a start is refused. Half-connections of an earlier run are no reason
 * to give up: the window offers to wait for them (with a countdown) and start by itself, so the
 * sentence says that instead of asking a person to time the wait themselves.
 */
import { RunStartError } from '../engine/start-errors';

export interface RefusalNotice {
  text: string;
  /** A start that waits for the half-connections to leave would be accepted. */
  canWait: boolean;
}

export function refusalNotice(error: unknown, timeWaitSeconds: number | null): RefusalNotice {
  const text = error instanceof Error ? error.message : String(error);
  if (!(error instanceof RunStartError) || error.code !== 'LINGERING') return { text, canWait: false };
  // The engine's first sentence says how many are listed, and for which port.
  const first = /^.*? still listed for port \d+\./.exec(text)?.[0] ?? text;
  const bound = timeWaitSeconds === null ? '' : ` (at most about ${timeWaitSeconds} seconds)`;
  return {
    text: `${first} They leave by themselves: "Wait and start" waits for them${bound} with a countdown, then starts the test.`,
    canWait: true,
  };
}
