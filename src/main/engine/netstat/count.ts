/**
 * Tallies rows of a connection table into the half-connection counts of one port. The parsers
 * call `add` once per row, so it stays a few integer operations: no objects per row.
 */
import type { HalfCounts, NetstatCounts, PortRange, TcpState } from '../../../shared/types';
import { TCP_STATES } from '../../../shared/types';
import { LISTEN, type StateIndex } from './states';

export type Family = 4 | 6;

/** A port's half-connections: its server ends and its client ends together. */
export function halfConnections(counts: NetstatCounts): number {
  return counts.server.total + counts.client.total;
}

/** What a parser feeds each row to. */
export interface RowSink {
  add(localPort: number, peerPort: number, state: StateIndex, family?: Family | null): void;
}

export class TableCounter implements RowSink {
  private readonly server = new Int32Array(TCP_STATES.length);
  private readonly client = new Int32Array(TCP_STATES.length);
  /** One byte per port: ports held, so each counts once however many connections share it. */
  private readonly held: Uint8Array | null;
  private heldCount = 0;
  private readonly rangeStart: number;
  private readonly rangeEnd: number;
  /** Rows recognised as connection-table rows, listeners included. */
  rows = 0;

  /**
   * @param port the test port.
   * @param ephemeralRange local ports in this range count towards `ephemeralHeld`.
   * @param family when set, only rows of this address family count towards the port's halves;
   *   every row still counts towards the ephemeral ports held, which both families share.
   */
  constructor(
    private readonly port: number,
    private readonly ephemeralRange: PortRange | null = null,
    private readonly family: Family | null = null,
  ) {
    this.held = ephemeralRange ? new Uint8Array(65536) : null;
    this.rangeStart = ephemeralRange?.start ?? 1;
    this.rangeEnd = ephemeralRange?.end ?? 0;
  }

  /** Whether ephemeral ports are counted: only then is the other address family's table needed. */
  get countsEphemeral(): boolean {
    return this.held !== null;
  }

  /**
   * One row. A listener (by state, or by a peer port of 0, which no connection has) is never a
   * half-connection: that rule also holds when a translated LISTENING is a name we do not know.
   */
  add(localPort: number, peerPort: number, state: StateIndex, family: Family | null = null): void {
    this.rows++;
    if (
      state !== LISTEN &&
      peerPort !== 0 &&
      (this.family === null || family === null || family === this.family)
    ) {
      if (localPort === this.port) this.server[state]!++;
      if (peerPort === this.port) this.client[state]!++;
    }
    const held = this.held;
    if (
      held !== null &&
      localPort >= this.rangeStart &&
      localPort <= this.rangeEnd &&
      held[localPort] === 0
    ) {
      held[localPort] = 1;
      this.heldCount++;
    }
  }

  /** Local ports held by rows read elsewhere (a table read a moment ago), one byte per port. */
  addHeldPorts(ports: Uint8Array): void {
    const held = this.held;
    if (held === null) return;
    for (let port = this.rangeStart; port <= this.rangeEnd; port++) {
      if (ports[port] !== 0 && held[port] === 0) {
        held[port] = 1;
        this.heldCount++;
      }
    }
  }

  result(pollMs: number, source: string): NetstatCounts {
    return {
      server: toHalf(this.server),
      client: toHalf(this.client),
      ephemeralHeld: this.held ? this.heldCount : null,
      ephemeralSize: this.ephemeralRange ? this.ephemeralRange.count : null,
      pollMs,
      source,
    };
  }
}

/** Counts of all zeros, in canonical state order. */
export function emptyHalf(): HalfCounts {
  return toHalf(new Int32Array(TCP_STATES.length));
}

function toHalf(counts: Int32Array): HalfCounts {
  const byState = {} as Record<TcpState, number>;
  let total = 0;
  TCP_STATES.forEach((state, i) => {
    byState[state] = counts[i]!;
    total += counts[i]!;
  });
  return { total, byState };
}

/** Collects the local ports a table holds, whatever their state. */
export class PortSet implements RowSink {
  readonly ports = new Uint8Array(65536);

  add(localPort: number): void {
    this.ports[localPort] = 1;
  }
}
