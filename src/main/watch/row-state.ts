/** The parsers' state index (src/main/engine/netstat/states.ts) as a ConnectionRow's state. */
import { TCP_STATES } from '../../shared/types';
import { LISTEN, type StateIndex } from '../engine/netstat/states';
import type { ConnectionRow } from './table-source';

export const TIME_WAIT_INDEX: StateIndex = TCP_STATES.indexOf('TIME_WAIT');

export function rowState(index: StateIndex): ConnectionRow['state'] {
  return index === LISTEN ? 'LISTEN' : (TCP_STATES[index] ?? 'OTHER');
}
