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
 * Cost and memory: a row costs a lookup in an integer hash table and a few typed-array writes; each
 * destination's ports are laid out together by a counting sort (two passes, no comparison sort,
 * no object per row) and told apart with a per-port stamp array. Between polls only the busiest
 * TRACKED destinations keep their port set (a Uint16Array, 2 bytes a port: the sets of 5,000
 * destinations hold at most the connections there are, and MAX_TRACKED_PORTS caps that too) and a
 * small ring of rate samples; a destination not among them for FORGET_POLLS polls is forgotten. A
 * bitmap a destination would cost 8 KiB however few ports it holds, and most hold a handful.
 */
import { PairIndex } from './pair-index';
import { STATE_COUNT, TIME_WAIT } from './poll-rows';
import type { PollRows } from './poll-rows';

/** Destinations whose port sets are kept between polls, the busiest first. */
export const TRACKED_DESTINATIONS = 5000;
/** Polls a destination may be missing (or not among the busiest) before it is forgotten. */
export const FORGET_POLLS = 3;
/** Ports kept in all destinations' sets together (2 MiB, and at most as much again for their TIME_WAIT ports). */
export const MAX_TRACKED_PORTS = 1 << 20;
/** New connections a second are counted over about this long. */
export const RATE_WINDOW_MS = 10_000;
/** Rate samples a destination keeps: ten seconds at four polls a second, and some. */
const RING = 48;
const SAMPLE = 4;
const PORTS = 65536;

interface Track {
  /** The distinct local ports held toward it at the last poll it was counted in. */
  ports: Uint16Array;
  lastPoll: number;
  lastMs: number;
  /** Of those, the ports in TIME_WAIT. */
  timeWait: Uint16Array;
  /** Rate samples: start ms, end ms, new ports, ports newly in TIME_WAIT; RING of them. */
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
  newTimeWaitPerSecond: number | null;
}

export interface DestinationCount {
  /** How many destinations there were. */
  destinations: number;
  /** All destinations together: connections not in TIME_WAIT, and the rates of those tracked. */
  open: number;
  newPerSecond: number | null;
  newTimeWaitPerSecond: number | null;
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
  private readonly index = new PairIndex();
  /** Each row's destination (-1: not one this machine opened), then each destination's ports together. */
  private destOf = new Int32Array(4096);
  private ports = new Uint16Array(4096);
  /** Beside `ports`: 1 where the connection is in TIME_WAIT. */
  private timeWaitAt = new Uint8Array(4096);
  private readonly scratchPorts = new Uint16Array(PORTS);
  private fillAt = new Int32Array(1024);
  /** Per port, the token of the last pass that saw it: distinct ports without a sort or a Set. */
  private readonly mark = new Int32Array(PORTS);
  private readonly markTimeWait = new Int32Array(PORTS);
  private token = 0;
  private readonly histogram = new Int32Array(PORTS + 1);
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
    let newPerSecond: number | null = null;
    let newTimeWaitPerSecond: number | null = null;
    let open = 0;
    for (let d = 0; d < destinations; d++) open += this.total[d]! - this.counts[d * STATE_COUNT + TIME_WAIT]!;
    for (let r = 0; r < order.length; r++) {
      const d = order[r]!;
      const address = rows.addresses[this.remote[d]!]!;
      const family = this.family[d] === 6 ? 6 : 4;
      const endpoint = endpointText(address, this.port[d]!, family);
      const held = this.held[d]!;
      let rates: Rates | null = null;
      if (ports + held <= MAX_TRACKED_PORTS) {
        ports += held;
        rates = this.track(endpoint, d, nowMs);
        if (rates !== null) {
          newPerSecond = (newPerSecond ?? 0) + rates.newPerSecond;
          newTimeWaitPerSecond = (newTimeWaitPerSecond ?? 0) + rates.newTimeWaitPerSecond;
        }
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
          newPerSecond: rates?.newPerSecond ?? null,
          newTimeWaitPerSecond: rates?.newTimeWaitPerSecond ?? null,
        });
      }
    }
    for (const [endpoint, track] of this.tracks) {
      if (this.poll - track.lastPoll >= FORGET_POLLS) this.forget(endpoint);
    }
    this.previousComplete = complete;
    this.lastPollMs = nowMs;
    // Per-destination scratch far larger than this poll needed (a burst of destinations) goes back.
    if (this.total.length > 65536 && this.total.length > 4 * destinations) this.reallocate(2 * destinations);
    return { destinations, top, open, newPerSecond, newTimeWaitPerSecond };
  }

  /**
   * Groups opened connections by destination: counts, totals, and each destination's local ports
   * laid out together (a counting sort by destination, two passes) with how many are distinct.
   */
  private group(rows: PollRows, nowMs: number): number {
    this.index.clear(Math.min(rows.length, 1 << 16));
    const range = this.range;
    const start = range ? range.start : 0;
    const end = range ? range.end : PORTS - 1;
    const memoryFrom = nowMs - this.listenerMemoryMs;
    let destinations = 0;
    if (this.destOf.length < rows.length) {
      const size = Math.max(rows.length, 2 * this.destOf.length);
      this.destOf = new Int32Array(size);
      this.ports = new Uint16Array(size);
      this.timeWaitAt = new Uint8Array(size);
    } else if (this.destOf.length > 65536 && this.destOf.length > 4 * rows.length) {
      this.destOf = new Int32Array(2 * rows.length);
      this.ports = new Uint16Array(2 * rows.length);
      this.timeWaitAt = new Uint8Array(2 * rows.length);
    }
    const destOf = this.destOf;
    for (let i = 0; i < rows.length; i++) {
      destOf[i] = -1;
      const remotePort = rows.remotePort[i]!;
      const localPort = rows.localPort[i]!;
      if (remotePort === 0 || localPort < start || localPort > end || rows.repeated[i] === 1) continue;
      if (rows.listened[localPort] === 1 && rows.isListened(i)) continue;
      if (this.listenedMs[localPort]! >= memoryFrom) continue;
      const remote = rows.remoteId(i);
      const d = this.index.get(remote, remotePort);
      if (d === destinations) {
        destinations++;
        if (d === this.total.length) this.grow(2 * d);
        this.total[d] = 0;
        this.counts.fill(0, d * STATE_COUNT, (d + 1) * STATE_COUNT);
        this.remote[d] = remote;
        this.port[d] = remotePort;
        this.family[d] = rows.family[i]!;
      }
      destOf[i] = d;
      this.counts[d * STATE_COUNT + rows.state[i]!]!++;
      this.total[d]!++;
    }
    // Each destination's segment of `ports` starts where the one before it ends.
    let offset = 0;
    for (let d = 0; d < destinations; d++) {
      this.segment[d] = offset;
      this.fillAt[d] = offset;
      offset += this.total[d]!;
    }
    const ports = this.ports;
    for (let i = 0; i < rows.length; i++) {
      const d = destOf[i]!;
      if (d < 0) continue;
      const at = this.fillAt[d]!++;
      ports[at] = rows.localPort[i]!;
      this.timeWaitAt[at] = rows.state[i] === TIME_WAIT ? 1 : 0;
    }
    // Distinct ports: the same local port toward one destination from two local addresses holds one.
    const mark = this.mark;
    for (let d = 0; d < destinations; d++) {
      const token = this.nextToken();
      const from = this.segment[d]!;
      const to = from + this.total[d]!;
      let held = 0;
      for (let k = from; k < to; k++) {
        const port = ports[k]!;
        if (mark[port] !== token) {
          mark[port] = token;
          held++;
        }
      }
      this.held[d] = held;
    }
    return destinations;
  }

  /** A value no port is marked with yet. */
  private nextToken(): number {
    if (this.token === 0x7fffffff) {
      this.mark.fill(0);
      this.markTimeWait.fill(0);
      this.token = 0;
    }
    return ++this.token;
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
    // Many destinations: the held count the tracked-th busiest has, from a histogram (held is at
    // most 65,536), then among those with exactly that many, the total the last one kept has.
    const byHeld = this.histogram;
    byHeld.fill(0);
    for (let d = 0; d < destinations; d++) byHeld[this.held[d]!]!++;
    let heldCut = byHeld.length - 1;
    let above = 0;
    while (above + byHeld[heldCut]! < this.tracked) above += byHeld[heldCut--]!;
    const byTotal = byHeld;
    byTotal.fill(0);
    const top = byTotal.length - 1;
    for (let d = 0; d < destinations; d++) {
      if (this.held[d] === heldCut) byTotal[Math.min(this.total[d]!, top)]!++;
    }
    let totalCut = top;
    while (above + byTotal[totalCut]! < this.tracked) above += byTotal[totalCut--]!;
    const order = new Int32Array(this.tracked);
    let n = 0;
    for (let d = 0; d < destinations; d++) {
      const held = this.held[d]!;
      if (held > heldCut || (held === heldCut && Math.min(this.total[d]!, top) > totalCut)) order[n++] = d;
    }
    for (let d = 0; d < destinations && n < this.tracked; d++) {
      if (this.held[d] === heldCut && Math.min(this.total[d]!, top) === totalCut) order[n++] = d;
    }
    return order.sort(compare);
  }

  /** Compares a destination's ports with its last poll's, keeps this poll's; returns new a second. */
  private track(endpoint: string, d: number, nowMs: number): Rates | null {
    const held = this.held[d]!;
    let track = this.tracks.get(endpoint);
    let baseline = true;
    if (track === undefined) {
      track = {
        ports: new Uint16Array(0),
        timeWait: new Uint16Array(0),
        lastPoll: 0,
        lastMs: this.lastPollMs,
        samples: new Float64Array(RING * SAMPLE),
        head: 0,
        size: 0,
      };
      this.tracks.set(endpoint, track);
      // Absent from a poll that tracked every destination: it held no port then, so all are new.
      baseline = this.poll > 1 && this.previousComplete;
    }
    // Mark last poll's ports, then walk this poll's: a port not marked is new.
    const mark = this.mark;
    const before = this.nextToken();
    const now = this.nextToken();
    const old = track.ports;
    for (let o = 0; o < old.length; o++) mark[old[o]!] = before;
    const from = this.segment[d]!;
    const to = from + this.total[d]!;
    const ports = new Uint16Array(held);
    let fresh = 0;
    let n = 0;
    for (let k = from; k < to; k++) {
      const port = this.ports[k]!;
      const was = mark[port];
      if (was === now) continue;
      if (was !== before) fresh++;
      mark[port] = now;
      ports[n++] = port;
    }
    track.ports = ports;
    // The same for ports in TIME_WAIT: a connection closed by this side first holds its port for
    // TIME_WAIT's length; one the other side closed first gives it back at once.
    const markTw = this.markTimeWait;
    const beforeTw = this.nextToken();
    const nowTw = this.nextToken();
    const oldTw = track.timeWait;
    for (let o = 0; o < oldTw.length; o++) markTw[oldTw[o]!] = beforeTw;
    let freshTw = 0;
    let m = 0;
    const scratch = this.scratchPorts;
    for (let k = from; k < to; k++) {
      if (this.timeWaitAt[k] === 0) continue;
      const port = this.ports[k]!;
      const was = markTw[port];
      if (was === nowTw) continue;
      if (was !== beforeTw) freshTw++;
      markTw[port] = nowTw;
      scratch[m++] = port;
    }
    track.timeWait = scratch.slice(0, m);
    if (baseline && nowMs > track.lastMs) {
      const at = track.head * SAMPLE;
      track.samples[at] = track.lastMs;
      track.samples[at + 1] = nowMs;
      track.samples[at + 2] = fresh;
      track.samples[at + 3] = freshTw;
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

  private reallocate(capacity: number): void {
    const size = Math.max(1024, capacity);
    this.counts = new Int32Array(size * STATE_COUNT);
    this.total = new Int32Array(size);
    this.held = new Int32Array(size);
    this.segment = new Int32Array(size);
    this.fillAt = new Int32Array(size);
    this.remote = new Int32Array(size);
    this.port = new Int32Array(size);
    this.family = new Uint8Array(size);
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
    this.fillAt = grow32(this.fillAt, capacity);
    this.remote = grow32(this.remote, capacity);
    this.port = grow32(this.port, capacity);
    const family = new Uint8Array(capacity);
    family.set(this.family);
    this.family = family;
  }
}

/**
 * New ports, and ports newly in TIME_WAIT, a second over the samples of the last RATE_WINDOW_MS
 * (the newest always counts); null before two polls were compared.
 */
function rateOf(track: Track, nowMs: number): Rates | null {
  if (track.size === 0) return null;
  let fresh = 0;
  let freshTw = 0;
  let fromMs = nowMs;
  for (let s = 0; s < track.size; s++) {
    const at = ((track.head - 1 - s + RING) % RING) * SAMPLE;
    const start = track.samples[at]!;
    if (s > 0 && start < nowMs - RATE_WINDOW_MS) break;
    fresh += track.samples[at + 2]!;
    freshTw += track.samples[at + 3]!;
    fromMs = start;
  }
  const seconds = (nowMs - fromMs) / 1000;
  return seconds > 0
    ? { newPerSecond: fresh / seconds, newTimeWaitPerSecond: freshTw / seconds }
    : { newPerSecond: 0, newTimeWaitPerSecond: 0 };
}

interface Rates {
  newPerSecond: number;
  newTimeWaitPerSecond: number;
}
