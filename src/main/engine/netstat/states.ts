/**
 * State names as each tool writes them, mapped to the canonical ones. Windows translates its state
 * names in some languages (German above all), so a name we do not know still counts, as OTHER:
 * a half-connection is never dropped because of its spelling.
 */
import type { TcpState } from '../../../shared/types';
import { TCP_STATES } from '../../../shared/types';

/** Index of a canonical state in TCP_STATES; LISTEN is kept apart because listeners are not counted. */
export type StateIndex = number;
export const LISTEN = -1;
export const OTHER: StateIndex = TCP_STATES.indexOf('OTHER');

const index = (state: TcpState): StateIndex => TCP_STATES.indexOf(state);

const NAMES: Record<string, StateIndex> = {
  // Windows (English, and the languages that keep it), macOS, Linux net-tools.
  LISTENING: LISTEN,
  LISTEN: LISTEN,
  ESTABLISHED: index('ESTABLISHED'),
  SYN_SENT: index('SYN_SENT'),
  SYN_RECEIVED: index('SYN_RECEIVED'),
  SYN_RCVD: index('SYN_RECEIVED'),
  SYN_RECV: index('SYN_RECEIVED'),
  FIN_WAIT_1: index('FIN_WAIT_1'),
  FIN_WAIT1: index('FIN_WAIT_1'),
  FIN_WAIT_2: index('FIN_WAIT_2'),
  FIN_WAIT2: index('FIN_WAIT_2'),
  TIME_WAIT: index('TIME_WAIT'),
  CLOSE_WAIT: index('CLOSE_WAIT'),
  CLOSING: index('CLOSING'),
  LAST_ACK: index('LAST_ACK'),
  // ss writes hyphens and abbreviates ESTABLISHED.
  ESTAB: index('ESTABLISHED'),
  'SYN-SENT': index('SYN_SENT'),
  'SYN-RECV': index('SYN_RECEIVED'),
  'FIN-WAIT-1': index('FIN_WAIT_1'),
  'FIN-WAIT-2': index('FIN_WAIT_2'),
  'TIME-WAIT': index('TIME_WAIT'),
  'CLOSE-WAIT': index('CLOSE_WAIT'),
  'LAST-ACK': index('LAST_ACK'),
  // German Windows.
  ABHÖREN: LISTEN,
  HERGESTELLT: index('ESTABLISHED'),
  SYN_GESENDET: index('SYN_SENT'),
  SYN_EMPFANGEN: index('SYN_RECEIVED'),
  FIN_WARTEN_1: index('FIN_WAIT_1'),
  FIN_WARTEN_2: index('FIN_WAIT_2'),
  WARTEND: index('TIME_WAIT'),
  SCHLIESSEN_WARTEN: index('CLOSE_WAIT'),
  SCHLIESSEND: index('CLOSING'),
  LETZTES_ACK: index('LAST_ACK'),
  // Other translated listener and established names seen in Windows captures.
  ESCUCHANDO: LISTEN,
  ESTABLECIDO: index('ESTABLISHED'),
  'IN ASCOLTO': LISTEN,
  STABILITA: index('ESTABLISHED'),
  ESCUTANDO: LISTEN,
  ESTABELECIDA: index('ESTABLISHED'),
  NASŁUCHIWANIE: LISTEN,
  USTANOWIONO: index('ESTABLISHED'),
  CZAS_OCZEKIWANIA: index('TIME_WAIT'),
};

/** The canonical state for a name as a tool printed it (already decoded); OTHER when unknown. */
export function stateFromName(name: string): StateIndex {
  return NAMES[name.toUpperCase()] ?? OTHER;
}

/** Whether a name is one we know (used to try a second decoding of Windows bytes). */
export function isKnownStateName(name: string): boolean {
  return NAMES[name.toUpperCase()] !== undefined;
}

/** Linux kernel state numbers (include/net/tcp_states.h), as in /proc/net/tcp's `st` column. */
export const PROC_STATES: readonly StateIndex[] = (() => {
  const table = new Array<StateIndex>(256).fill(OTHER);
  table[0x01] = index('ESTABLISHED');
  table[0x02] = index('SYN_SENT');
  table[0x03] = index('SYN_RECEIVED');
  table[0x04] = index('FIN_WAIT_1');
  table[0x05] = index('FIN_WAIT_2');
  table[0x06] = index('TIME_WAIT');
  // 0x07 TCP_CLOSE: a bound socket that is not connected; kept as OTHER, never dropped.
  table[0x08] = index('CLOSE_WAIT');
  table[0x09] = index('LAST_ACK');
  table[0x0a] = LISTEN;
  table[0x0b] = index('CLOSING');
  table[0x0c] = index('SYN_RECEIVED'); // TCP_NEW_SYN_RECV: a request socket.
  return table;
})();
