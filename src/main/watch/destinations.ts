/**
 * Connections this machine opened, grouped by destination (remote address and port), with the
 * distinct local ports held toward each and how fast new ones come.
 *
 * Which connections this machine opened: those whose local port no listener has. Both halves of a
 * loopback connection are in the table; the server's half has the listener's port, so only the
 * client's half counts. When the listener is gone (a server that stopped leaves its accepted
 * connections in TIME_WAIT or CLOSE_WAIT), ports listened on in the last TIME_WAIT's length still
 * mark a server's half; past that, a local port outside the ephemeral range marks one. A remote
 * port inside the range does not: gRPC's 50051 and many services sit inside Linux's range.
 *
 * Cost and memory: a row costs a Map lookup and a few typed-array writes; the ports toward every
 * destination are found with one native sort of destination x 65536 + port keys (no object per
 * row). Between polls only the busiest TRACKED destinations keep their port set (a sorted
 * Int32Array, 4 bytes a port: the sets of 5,000 destinations hold at most the connections there
 * are, and MAX_TRACKED_PORTS caps that too) and a small ring of rate samples; a destination not
 * among them for FORGET_POLLS polls is forgotten. A bitmap a destination would cost 8 KiB however
 * few ports it holds, and most destinations hold a handful.
 */
import { STATE_COUNT } from './poll-rows';
import type { PollRows } from './poll-rows';

/** Destinations whose port sets are kept between polls, the busiest first. */
export const TRACKED_DESTINATIONS = 5000;
/** Polls a destination may be missing (or not among the busiest) before it is forgotten. */
export const FORGET_POLLS = 3;
/** Ports kept in all destinations' sets together (4 MiB). */
export const MAX_TRACKED_PORTS = 1 << 20;
/** New connections a second are counted over about this long. */
export const RATE_WINDOW_MS = 10_000;
/** Rate samples a destination keeps: ten seconds at four polls a second, and some. */
const RING = 48;
const PORTS = 65536;

interface Track {
  /** Sorted distinct local ports held toward it at the last poll it was counted in. */
  ports: Int32Array;
  portCount: number;
  lastPoll: number;
  lastMs: number;
  /** Rate samples: start ms, end ms, new ports, RING of them. */
  samples: Float64Array;
  head: number;
  size: number;
}

export interface CountedDestination {
  endpoint: string;
  address: string;
  port: number;
  family: 4 | 6;
  byState: Int32Array;
  total: number;
  held: number;
  /** Null until two polls have been compared. */
  newPerSecond: number | null;
}

export interface DestinationCount {
  /** How many destinations there were. */
  destinations: number;
  /** The busiest, held ports first, then connections; at most the limit. */
  top: CountedDestination[];
}

export function endpointText(address: string, port: number, family: 4 | 6): string {
  return family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

export class DestinationTracker {
  private readonly tracks = new Map<string, Track>();
  private poll = 0;
  private lastPollMs = 0;
  /** Whether the previous poll tracked every destination, so one missing from it held no port then. */
  private previousComplete = false;
  /** When each port last had a listener. */
  private readonly listenedMs = new Float64Array(PORTS).fill(-Infinity);

  // Per-poll scratch, reused.
  private readonly index = new Map<number, number>();
  private keys = new Float64Array(4096);
  private counts = new Int32Array(1024 * STATE_COUNT);
  private total = new Int32Array(1024);
  private held = new Int32Array(1024);
  private segment = new Int32Array(1024);
  private remote = new Int32Array(1024);
  private port = new Int32Array(1024);
  private family = new Uint8Array(1024);

  constructor(
    private readonly range: { start: number; end: number } | null,
    private readonly listenerMemoryMs: number,
    private readonly tracked = TRACKED_DESTINATIONS,
  ) {}

  /** Destinations with state kept between polls (for the memory bound's tests). */
  get trackedCount(): number {
    return this.tracks.size;
  }

  count(rows: PollRows, nowMs: number, limit: number): DestinationCount {
    this.poll++;
    const destinations = this.group(rows, nowMs);
    // After grouping: this poll's listeners were already checked port and address exactly.
    for (let p = 0; p < PORTS; p++) if (rows.listened[p] === 1) this.listenedMs[p] = nowMs;
    const order = this.rank(destinations);
    const top: CountedDestination[] = [];
    let complete = destinations <= this.tracked;
    let ports = 0;
    for (let r = 0; r < order.length; r++) {
      const d = order[r]!;
      const address = rows.addresses[this.remote[d]!]!;
      const family = this.family[d] === 6 ? 6 : 4;
      const endpoint = endpointText(address, this.port[d]!, family);
      const held = this.held[d]!;
      let newPerSecond: number | null = null;
      if (ports + held <= MAX_TRACKED_PORTS) {
        ports += held;
        newPerSecond = this.track(endpoint, d, nowMs);
      } else {
        complete = false;
        this.forget(endpoint);
      }
      if (r < limit) {
        const from = d * STATE_COUNT;
        top.push({
          endpoint,
          address,
          port: this.port[d]!,
          family,
          byState: this.counts.slice(from, from + STATE_COUNT),
          total: this.total[d]!,
          held,
          newPerSecond,
        });
      }
    }
    for (const [endpoint, track] of this.tracks) {
      if (this.poll - track.lastPoll >= FORGET_POLLS) this.forget(endpoint);
    }
    this.previousComplete = complete;
    this.lastPollMs = nowMs;
    return { destinations, top };
  }

  /** Groups opened connections by destination; fills counts, totals, held ports and segments. */
  private group(rows: PollRows, nowMs: number): number {
    this.index.clear();
    const range = this.range;
    const start = range ? range.start : 0;
    const end = range ? range.end : PORTS - 1;
    const memoryFrom = nowMs - this.listenerMemoryMs;
    let destinations = 0;
    let keyCount = 0;
    if (this.keys.length < rows.length)
      this.keys = new Float64Array(Math.max(rows.length, 2 * this.keys.length));
    const keys = this.keys;
    for (let i = 0; i < rows.length; i++) {
      const remotePort = rows.remotePort[i]!;
      const localPort = rows.localPort[i]!;
      if (remotePort === 0 || localPort < start || localPort > end) continue;
      if (rows.listened[localPort] === 1 && rows.isListened(i)) continue;
      if (this.listenedMs[localPort]! >= memoryFrom) continue;
      const key = rows.remoteId[i]! * PORTS + remotePort;
      let d = this.index.get(key);
      if (d === undefined) {
        d = destinations++;
        this.index.set(key, d);
        if (d === this.total.length) this.grow(2 * d);
        this.total[d] = 0;
        this.counts.fill(0, d * STATE_COUNT, (d + 1) * STATE_COUNT);
        this.remote[d] = rows.remoteId[i]!;
        this.port[d] = remotePort;
        this.family[d] = rows.family[i]!;
      }
      this.counts[d * STATE_COUNT + rows.state[i]!]!++;
      this.total[d]!++;
      keys[keyCount++] = d * PORTS + localPort;
    }
    const sorted = keys.subarray(0, keyCount).sort();
    this.held.fill(0, 0, destinations);
    let previous = -1;
    for (let k = 0; k < keyCount; k++) {
      const key = sorted[k]!;
      if (key === previous) continue; // the same local port toward it from two local addresses
      previous = key;
      const d = Math.floor(key / PORTS);
      if (this.held[d] === 0) this.segment[d] = k;
      this.held[d]!++;
    }
    return destinations;
  }

  /** The busiest destinations, at most `tracked` of them, held ports first, then connections. */
  private rank(destinations: number): Int32Array {
    const compare = (a: number, b: number): number =>
      this.held[b]! - this.held[a]! || this.total[b]! - this.total[a]! || a - b;
    if (destinations <= this.tracked) {
      const order = new Int32Array(destinations);
      for (let d = 0; d < destinations; d++) order[d] = d;
      return order.sort(compare);
    }
    // Many destinations: find the score of the tracked-th busiest with one native sort, then sort
    // only those at or above it.
    const TOTAL_CAP = 2 ** 22;
    const scores = new Float64Array(destinations);
    for (let d = 0; d < destinations; d++) {
      scores[d] = this.held[d]! * TOTAL_CAP + Math.min(this.total[d]!, TOTAL_CAP - 1);
    }
    const threshold = scores.slice().sort()[destinations - this.tracked]!;
    const order = new Int32Array(this.tracked);
    let n = 0;
    for (let d = 0; d < destinations && n < this.tracked; d++) if (scores[d]! > threshold) order[n++] = d;
    for (let d = 0; d < destinations && n < this.tracked; d++) if (scores[d] === threshold) order[n++] = d;
    return order.sort(compare);
  }

  /** Compares a destination's ports with its last poll's, keeps this poll's; returns new a second. */
  private track(endpoint: string, d: number, nowMs: number): number | null {
    const held = this.held[d]!;
    let track = this.tracks.get(endpoint);
    let baseline = true;
    if (track === undefined) {
      track = {
        ports: new Int32Array(0),
        portCount: 0,
        lastPoll: 0,
        lastMs: this.lastPollMs,
        samples: new Float64Array(RING * 3),
        head: 0,
        size: 0,
      };
      this.tracks.set(endpoint, track);
      // Absent from a poll that tracked every destination: it held no port then, so all are new.
      baseline = this.poll > 1 && this.previousComplete;
    }
    const keys = this.keys;
    const from = this.segment[d]!;
    const base = d * PORTS;
    // Walk this poll's sorted ports beside the last poll's: ports not there before are new.
    const old = track.ports;
    const oldCount = track.portCount;
    let o = 0;
    let fresh = 0;
    const ports = new Int32Array(held);
    let n = 0;
    let previous = -1;
    for (let k = from; n < held; k++) {
      const port = keys[k]! - base;
      if (port === previous) continue;
      previous = port;
      while (o < oldCount && old[o]! < port) o++;
      if (o >= oldCount || old[o] !== port) fresh++;
      ports[n++] = port;
    }
    track.ports = ports;
    track.portCount = held;
    if (baseline && nowMs > track.lastMs) {
      const at = track.head * 3;
      track.samples[at] = track.lastMs;
      track.samples[at + 1] = nowMs;
      track.samples[at + 2] = fresh;
      track.head = (track.head + 1) % RING;
      track.size = Math.min(RING, track.size + 1);
    }
    track.lastPoll = this.poll;
    track.lastMs = nowMs;
    return rateOf(track, nowMs);
  }

  private forget(endpoint: string): void {
    this.tracks.delete(endpoint);
  }

  private grow(capacity: number): void {
    const grow32 = (old: Int32Array, size: number): Int32Array<ArrayBuffer> => {
      const fresh = new Int32Array(size);
      fresh.set(old);
      return fresh;
    };
    this.counts = grow32(this.counts, capacity * STATE_COUNT);
    this.total = grow32(this.total, capacity);
    this.held = grow32(this.held, capacity);
    this.segment = grow32(this.segment, capacity);
    this.remote = grow32(this.remote, capacity);
    this.port = grow32(this.port, capacity);
    const family = new Uint8Array(capacity);
    family.set(this.family);
    this.family = family;
  }
}

/** New ports a second over the samples of the last RATE_WINDOW_MS (the newest always counts). */
function rateOf(track: Track, nowMs: number): number | null {
  if (track.size === 0) return null;
  let fresh = 0;
  let fromMs = nowMs;
  for (let s = 0; s < track.size; s++) {
    const at = ((track.head - 1 - s + RING) % RING) * 3;
    const start = track.samples[at]!;
    if (s > 0 && start < nowMs - RATE_WINDOW_MS) break;
    fresh += track.samples[at + 2]!;
    fromMs = start;
  }
  return nowMs > fromMs ? (fresh * 1000) / (nowMs - fromMs) : 0;
}
