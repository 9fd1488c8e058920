/**
 * One poll's rows, kept in columns until the poll ends: a connection can only be told to be one
 * this machine opened once every listener has been seen, and the readers give listeners wherever
 * the table has them (/proc/net/tcp6's come after tcp's connections). The row object is the
 * reader's and is reused, so each row's fields are copied here: numbers into typed arrays, the
 * address strings (which the readers cache, one string per address) by reference. Addresses are
 * only looked up in a table at the poll's end and only for connections this machine opened: a
 * server with 100,000 clients would otherwise hash 100,000 strings a poll for nothing.
 *
 * A row can come twice: /proc/net/tcp read page by page repeats rows when the table changes
 * between reads (the kernel seeks again by bucket and offset). `settle()` drops repeats of a
 * 4-tuple before anything is counted: rows are grouped by their two ports through an integer hash
 * table, and only rows sharing both ports compare their address strings.
 */
import type { ConnectionRow } from './table-source';
import { TCP_STATES } from '../../shared/types';
import { PairIndex } from './pair-index';

export const STATE_COUNT = TCP_STATES.length;
export const TIME_WAIT = TCP_STATES.indexOf('TIME_WAIT');
export const CLOSE_WAIT = TCP_STATES.indexOf('CLOSE_WAIT');
const OTHER = TCP_STATES.indexOf('OTHER');
const LISTEN = -1;

const STATE_INDEX = new Map<string, number>([
  ...TCP_STATES.map((state, i) => [state, i] as [string, number]),
  ['LISTEN', LISTEN],
]);

const FIRST_CAPACITY = 4096;
/** Addresses remembered between polls; past this many, the table starts again at the next poll. */
export const MAX_ADDRESSES = 1 << 18;
const PORTS = 65536;

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '*' || address === '[::]' || address === '';
}

/** "::ffff:127.0.0.1" is 127.0.0.1 reached through an IPv6 socket. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export class PollRows {
  /** Address text by id. Ids last from poll to poll (the Map stays warm) until MAX_ADDRESSES. */
  readonly addresses: string[] = [];
  private readonly ids = new Map<string, number>();
  private lastAddress = '';
  private lastId = -1;

  length = 0;
  private capacity = FIRST_CAPACITY;
  localAddress: string[] = [];
  remoteAddress: string[] = [];
  localPort = new Uint16Array(FIRST_CAPACITY);
  remotePort = new Uint16Array(FIRST_CAPACITY);
  state = new Uint8Array(FIRST_CAPACITY);
  family = new Uint8Array(FIRST_CAPACITY);
  /** The owner's pid; -1 when unknown. */
  pid = new Int32Array(FIRST_CAPACITY);
  /** 1 for a row that repeats an earlier row's 4-tuple (set by settle()). */
  repeated = new Uint8Array(FIRST_CAPACITY);
  private nextSamePorts = new Int32Array(FIRST_CAPACITY);
  private firstOfPorts = new Int32Array(FIRST_CAPACITY);
  private readonly byPorts = new PairIndex();

  /** Ports listened on at a wildcard address, this poll. */
  readonly listenAny = new Uint8Array(PORTS);
  /** Ports listened on at any address, this poll. */
  readonly listened = new Uint8Array(PORTS);
  /** The addresses a port is listened on at, for ports with a listener on one address. */
  private readonly listenSpecific = new Map<number, string[]>();

  /** Machine-wide, connections only (listeners excluded). */
  readonly byState = new Int32Array(STATE_COUNT);
  connections = 0;
  /** Local ports in the ephemeral range held by any row, listeners included. */
  readonly ephemeral = new Uint8Array(PORTS);
  ephemeralHeld = 0;

  constructor(
    private readonly rangeStart: number,
    private readonly rangeEnd: number,
  ) {}

  /** Empties everything for the next poll; columns far larger than the last poll needed are given back. */
  reset(): void {
    if (this.capacity > 65536 && this.capacity > 4 * this.length) {
      this.allocate(Math.max(FIRST_CAPACITY, 2 * this.length));
      this.localAddress.length = this.capacity;
      this.remoteAddress.length = this.capacity;
    }
    this.length = 0;
    if (this.addresses.length > MAX_ADDRESSES) {
      this.ids.clear();
      this.addresses.length = 0;
      this.lastId = -1;
    }
    this.listenAny.fill(0);
    this.listened.fill(0);
    this.listenSpecific.clear();
    this.byState.fill(0);
    this.connections = 0;
    this.ephemeral.fill(0);
    this.ephemeralHeld = 0;
  }

  /** Copies one row. */
  add(row: ConnectionRow): void {
    const state = STATE_INDEX.get(row.state) ?? OTHER;
    const localPort = row.localPort;
    if (localPort >= this.rangeStart && localPort <= this.rangeEnd && this.ephemeral[localPort] === 0) {
      this.ephemeral[localPort] = 1;
      this.ephemeralHeld++;
    }
    if (state === LISTEN) {
      this.listened[localPort] = 1;
      const address = row.localAddress;
      if (isWildcard(address)) {
        this.listenAny[localPort] = 1;
      } else {
        const list = this.listenSpecific.get(localPort);
        if (list) list.push(unmapped(address));
        else this.listenSpecific.set(localPort, [unmapped(address)]);
      }
      return;
    }
    const i = this.length;
    if (i === this.capacity) this.allocate(2 * i);
    this.localAddress[i] = row.localAddress;
    this.remoteAddress[i] = row.remoteAddress;
    this.localPort[i] = localPort;
    this.remotePort[i] = row.remotePort;
    this.state[i] = state;
    this.family[i] = row.family;
    this.pid[i] = row.pid === null ? -1 : row.pid;
    this.length = i + 1;
  }

  /** Marks rows that repeat a 4-tuple, and counts the rest machine-wide. */
  settle(): void {
    const n = this.length;
    this.byPorts.clear(n);
    const first = this.firstOfPorts;
    for (let i = 0; i < n; i++) {
      this.repeated[i] = 0;
      this.nextSamePorts[i] = -1;
      const groups = this.byPorts.size;
      const g = this.byPorts.get(this.localPort[i]!, this.remotePort[i]!);
      if (this.byPorts.size > groups) {
        first[g] = i;
      } else {
        // Another row has these two ports: the same connection only if the addresses match too.
        let j = first[g]!;
        for (;;) {
          if (
            this.remoteAddress[j] === this.remoteAddress[i] &&
            this.localAddress[j] === this.localAddress[i]
          ) {
            this.repeated[i] = 1;
            break;
          }
          const next = this.nextSamePorts[j]!;
          if (next === -1) {
            this.nextSamePorts[j] = i;
            break;
          }
          j = next;
        }
      }
      if (this.repeated[i] === 0) {
        this.connections++;
        this.byState[this.state[i]!]!++;
      }
    }
  }

  /** Whether a connection's local port is one a listener has, on its address or a wildcard. */
  isListened(i: number): boolean {
    const port = this.localPort[i]!;
    if (this.listened[port] === 0) return false;
    if (this.listenAny[port] === 1) return true;
    const list = this.listenSpecific.get(port);
    if (list === undefined) return false;
    const address = this.localAddress[i]!;
    return list.includes(address) || list.includes(unmapped(address));
  }

  /** A number for row i's remote address, the same from poll to poll (until the table starts again). */
  remoteId(i: number): number {
    const address = this.remoteAddress[i]!;
    // Rows toward one destination often come together, and the readers reuse one string each.
    if (address === this.lastAddress && this.lastId >= 0) return this.lastId;
    let id = this.ids.get(address);
    if (id === undefined) {
      id = this.addresses.length;
      this.ids.set(address, id);
      this.addresses.push(address);
    }
    this.lastAddress = address;
    this.lastId = id;
    return id;
  }

  private allocate(capacity: number): void {
    const grow = <T extends Uint16Array | Uint8Array | Int32Array>(old: T, fresh: T): T => {
      fresh.set(old.subarray(0, Math.min(this.length, capacity)));
      return fresh;
    };
    this.localPort = grow(this.localPort, new Uint16Array(capacity));
    this.remotePort = grow(this.remotePort, new Uint16Array(capacity));
    this.state = grow(this.state, new Uint8Array(capacity));
    this.family = grow(this.family, new Uint8Array(capacity));
    this.pid = grow(this.pid, new Int32Array(capacity));
    this.repeated = new Uint8Array(capacity);
    this.nextSamePorts = new Int32Array(capacity);
    this.firstOfPorts = new Int32Array(capacity);
    this.capacity = capacity;
  }
}
