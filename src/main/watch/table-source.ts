/**
 * What every platform's reader gives the watch: each TCP connection of the machine once, with its
 * owner when known. Readers call `visit` with one row object they reuse (no object per row: a
 * busy machine has 100,000 connections), so a visitor copies what it keeps and never the row.
 */
import type { ExhaustionEvents } from '../../shared/watch';
import type { TcpState } from '../../shared/types';

export interface ConnectionRow {
  family: 4 | 6;
  /** The local address as text ("127.0.0.1", "::1", "0.0.0.0"): readers cache these strings. */
  localAddress: string;
  localPort: number;
  /** The remote address as text; "0.0.0.0" / "::" for a listener. */
  remoteAddress: string;
  remotePort: number;
  /** LISTEN rows are visited too: they tell connections made to this machine from ones it made. */
  state: TcpState | 'LISTEN';
  /** The owner's process id; null when unknown (TIME_WAIT has none; another user's on some systems). */
  pid: number | null;
}

/** What a read found besides the rows. */
export interface TableReadInfo {
  /** e.g. "/proc/net/tcp, /proc/net/tcp6" or "netstat -ano -p TCP". */
  source: string;
  /** Whether owners could be read at all on this system. */
  ownersAvailable: boolean;
  /** A sentence about what the owners leave out; null when nothing to say. */
  ownersNote: string | null;
  /** Program names by pid; null for a process whose name cannot be read (another user's). */
  names: Map<number, string | null>;
}

/** One platform's way to read the machine's connection table. */
export interface TableSource {
  /** Visits every row; rejects with a UserError sentence when the table cannot be read at all. */
  read(visit: (row: ConnectionRow) => void): Promise<TableReadInfo>;
  /** Windows' port-exhaustion events (4227, 4231); absent where there are none to read. */
  exhaustionEvents?(): Promise<ExhaustionEvents>;
}
