/**
 * How a destination's ports are going, in a kind and a sentence. The steady share is Little's law:
 * at `r` connections a second entering TIME_WAIT, each holding its port for TIME_WAIT's length,
 * about r x TIME_WAIT ports stay held, plus the connections still open. Where that reaches the
 * destination's capacity, connects to it fail once the free ports are used up, at the rate new
 * ones come. Counting TIME_WAIT's entries rather than every new connection matters: a connection
 * the other side closes first never enters TIME_WAIT here and gives its port back at once.
 */
import type { WatchForecast } from '../../shared/watch';
import { count, inDuration, newPerSecondText, percent } from './words';

export interface ForecastInput {
  endpoint: string;
  /** Distinct local ephemeral ports held toward it now. */
  held: number;
  /** Connections toward it not in TIME_WAIT (still open, or closing). */
  open: number;
  /** Usable ephemeral ports; null when the range is unknown. */
  capacity: number | null;
  /** New connections a second over the last polls; null before a rate could be measured. */
  newPerSecond: number | null;
  /** Of them, entering TIME_WAIT a second; when absent, every new one is taken to. */
  newTimeWaitPerSecond?: number | null;
  timeWaitSeconds: number;
}

export function forecast(input: ForecastInput): WatchForecast {
  const { endpoint, held, open, capacity, newPerSecond, timeWaitSeconds } = input;
  if (capacity === null) {
    return {
      kind: 'unknown',
      secondsToFull: null,
      steadyShare: null,
      text: `This computer's range of ports for outgoing connections is not known, so how long connects to ${endpoint} keep working cannot be told.`,
    };
  }
  if (held >= capacity) {
    return {
      kind: 'full',
      secondsToFull: 0,
      steadyShare: capacity > 0 ? held / capacity : null,
      text: `Connects to ${endpoint} fail now: all ${count(capacity)} usable ports are held.`,
    };
  }
  const heldText = `${count(held)} of its ${count(capacity)} ports are held (${percent(held / capacity)})`;
  if (newPerSecond === null) {
    return {
      kind: 'unknown',
      secondsToFull: null,
      steadyShare: null,
      text: `Counting new connections to ${endpoint}; a forecast follows at the next poll. ${capitalise(heldText)}.`,
    };
  }
  if (newPerSecond <= 0) {
    return {
      kind: 'idle',
      secondsToFull: null,
      steadyShare: open / capacity,
      text: `No new connections to ${endpoint} at the moment; ${heldText}.`,
    };
  }
  const timeWaitRate = input.newTimeWaitPerSecond ?? newPerSecond;
  const steadyShare = (timeWaitRate * timeWaitSeconds + open) / capacity;
  const conditions = `At ${newPerSecondText(newPerSecond)} and a ${count(timeWaitSeconds)} s TIME_WAIT`;
  if (steadyShare >= 1) {
    const secondsToFull = (capacity - held) / newPerSecond;
    return {
      kind: 'filling',
      secondsToFull,
      steadyShare,
      text: `${conditions}, connects to ${endpoint} fail ${inDuration(secondsToFull)}.`,
    };
  }
  const heldShare = held / capacity;
  if (steadyShare < heldShare - 0.05) {
    // Fewer come than before: the ports held now go back as their TIME_WAIT ends.
    return {
      kind: 'steady',
      secondsToFull: null,
      steadyShare,
      text: `Easing: ${heldText}; at ${newPerSecondText(newPerSecond)} that falls to about ${percent(steadyShare)} as their TIME_WAIT ends.`,
    };
  }
  const why =
    timeWaitRate < newPerSecond / 2
      ? `At ${newPerSecondText(newPerSecond)}, most closed by the other side first so their ports come back at once`
      : conditions;
  return {
    kind: 'steady',
    secondsToFull: null,
    steadyShare,
    text: `Holding steady at ${percent(steadyShare)} of the ${count(capacity)} ports ${endpoint} can take. ${why}, connects to it keep working.`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
