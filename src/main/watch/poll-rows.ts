/**
 * One poll's rows, kept as numbers in typed columns until the poll ends: a connection can only be
 * told to be one this machine opened once every listener has been seen, and the readers give
 * listeners wherever the table has them (/proc/net/tcp6's come after tcp's connections). The row
 * object is the reader's and is reused, so each row's fields are copied here; addresses become
 * small integers through a per-poll table (the readers cache the strings, so the lookup is a hash
 * the string already carries).
 */
import type { ConnectionRow } from './table-source';
import { TCP_STATES } from '../../shared/types';

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
const PORTS = 65536;

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '*' || address === '[::]' || address === '';
}

export class PollRows {
  /** Address text by id, this poll. */
  readonly addresses: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Per address id: the id of the same address written as IPv4 ("::ffff:127.0.0.1" -> "127.0.0.1"). */
  private canonical: number[] = [];

  length = 0;
  localId = new Int32Array(FIRST_CAPACITY);
  remoteId = new Int32Array(FIRST_CAPACITY);
  localPort = new Uint16Array(FIRST_CAPACITY);
  remotePort = new Uint16Array(FIRST_CAPACITY);
  state = new Uint8Array(FIRST_CAPACITY);
  family = new Uint8Array(FIRST_CAPACITY);

  /** Ports listened on at a wildcard address, this poll. */
  readonly listenAny = new Uint8Array(PORTS);
  /** Ports listened on at any address, this poll. */
  readonly listened = new Uint8Array(PORTS);
  /** Listeners on one address: canonical address id x 65536 + port. */
  readonly listenSpecific = new Set<number>();

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
    const capacity = this.localId.length;
    if (capacity > 65536 && capacity > 4 * this.length)
      this.allocate(Math.max(FIRST_CAPACITY, 2 * this.length));
    this.length = 0;
    this.ids.clear();
    this.addresses.length = 0;
    this.canonical.length = 0;
    this.listenAny.fill(0);
    this.listened.fill(0);
    this.listenSpecific.clear();
    this.byState.fill(0);
    this.connections = 0;
    this.ephemeral.fill(0);
    this.ephemeralHeld = 0;
  }

  /** Copies one row; returns its state index (-1 for a listener) so the caller counts owners too. */
  add(row: ConnectionRow): number {
    const state = STATE_INDEX.get(row.state) ?? OTHER;
    const localPort = row.localPort;
    if (localPort >= this.rangeStart && localPort <= this.rangeEnd && this.ephemeral[localPort] === 0) {
      this.ephemeral[localPort] = 1;
      this.ephemeralHeld++;
    }
    const localId = this.intern(row.localAddress);
    if (state === LISTEN) {
      this.listened[localPort] = 1;
      if (isWildcard(row.localAddress)) this.listenAny[localPort] = 1;
      else this.listenSpecific.add(this.canonical[localId]! * PORTS + localPort);
      return LISTEN;
    }
    this.connections++;
    this.byState[state]!++;
    const i = this.length;
    if (i === this.localId.length) this.allocate(2 * i);
    this.localId[i] = localId;
    this.remoteId[i] = this.intern(row.remoteAddress);
    this.localPort[i] = localPort;
    this.remotePort[i] = row.remotePort;
    this.state[i] = state;
    this.family[i] = row.family;
    this.length = i + 1;
    return state;
  }

  /** Whether a connection's local port is one a listener has, on its address or a wildcard. */
  isListened(i: number): boolean {
    const port = this.localPort[i]!;
    if (this.listened[port] === 0) return false;
    if (this.listenAny[port] === 1) return true;
    return this.listenSpecific.has(this.canonical[this.localId[i]!]! * PORTS + port);
  }

  private intern(address: string): number {
    let id = this.ids.get(address);
    if (id === undefined) {
      id = this.addresses.length;
      this.ids.set(address, id);
      this.addresses.push(address);
      this.canonical.push(id);
      if (address.startsWith('::ffff:') && address.includes('.')) {
        this.canonical[id] = this.intern(address.slice(7));
      }
    }
    return id;
  }

  private allocate(capacity: number): void {
    const grow = <T extends Int32Array | Uint16Array | Uint8Array>(old: T, fresh: T): T => {
      fresh.set(old.subarray(0, Math.min(this.length, capacity)));
      return fresh;
    };
    this.localId = grow(this.localId, new Int32Array(capacity));
    this.remoteId = grow(this.remoteId, new Int32Array(capacity));
    this.localPort = grow(this.localPort, new Uint16Array(capacity));
    this.remotePort = grow(this.remotePort, new Uint16Array(capacity));
    this.state = grow(this.state, new Uint8Array(capacity));
    this.family = grow(this.family, new Uint8Array(capacity));
  }
}
