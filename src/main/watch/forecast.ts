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
  /**
   * Windows: every connection takes a local port of its own, whatever its destination, so
   * connects to one destination fail when the whole computer's ports are used up. These are the
   * whole computer's figures, used instead of the destination's own.
   */
  shared?: SharedPorts | null;
}

export interface SharedPorts {
  /** Ports in the range held on the whole computer. */
  held: number;
  open: number;
  newPerSecond: number | null;
  newTimeWaitPerSecond: number | null;
}

export function forecast(input: ForecastInput): WatchForecast {
  const shared = input.shared ?? null;
  if (shared === null) return forecastOf(input, '');
  return forecastOf(
    {
      ...input,
      held: shared.held,
      open: shared.open,
      newPerSecond: input.newPerSecond === null ? null : shared.newPerSecond,
      newTimeWaitPerSecond: shared.newTimeWaitPerSecond,
    },
    ' on this computer',
  );
}

/** `where` is '' for a destination's own ports, ' on this computer' for ports every destination shares. */
function forecastOf(input: ForecastInput, where: string): WatchForecast {
  const { endpoint, held, open, capacity, newPerSecond, timeWaitSeconds } = input;
  const why = where ? ': on Windows each connection takes a port of its own, whatever its destination' : '';
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
      text: `Connects to ${endpoint} fail now: all ${count(capacity)} usable ports${where} are held${why}.`,
    };
  }
  const heldText = where
    ? `${count(held)} of the ${count(capacity)} ports on this computer are held (${percent(held / capacity)})`
    : `${count(held)} of its ${count(capacity)} ports are held (${percent(held / capacity)})`;
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
      text: where
        ? `No new connections on this computer at the moment; ${heldText}.`
        : `No new connections to ${endpoint} at the moment; ${heldText}.`,
    };
  }
  const timeWaitRate = input.newTimeWaitPerSecond ?? newPerSecond;
  const steadyShare = (timeWaitRate * timeWaitSeconds + open) / capacity;
  const conditions = `At ${newPerSecondText(newPerSecond)}${where} and a ${count(timeWaitSeconds)} s TIME_WAIT`;
  if (steadyShare >= 1) {
    const secondsToFull = (capacity - held) / newPerSecond;
    return {
      kind: 'filling',
      secondsToFull,
      steadyShare,
      text: `${conditions}, connects to ${endpoint} fail ${inDuration(secondsToFull)}${why}.`,
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
  const pace =
    timeWaitRate < newPerSecond / 2
      ? `At ${newPerSecondText(newPerSecond)}${where}, most closed by the other side first so their ports come back at once`
      : conditions;
  const of = where
    ? `the ${count(capacity)} ports on this computer, which every destination shares on Windows`
    : `the ${count(capacity)} ports ${endpoint} can take`;
  return {
    kind: 'steady',
    secondsToFull: null,
    steadyShare,
    text: `Holding steady at ${percent(steadyShare)} of ${of}. ${pace}, connects to ${where ? endpoint : 'it'} keep working.`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
