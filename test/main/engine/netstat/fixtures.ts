/** Reading the captured tables under test/fixtures/netstat, and building expected counts. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HalfCounts, TcpState } from '../../../../src/shared/types';
import { TCP_STATES } from '../../../../src/shared/types';

export function fixture(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`../../../fixtures/netstat/${name}`, import.meta.url)));
}

/** Counts with the given states set and every other state 0. */
export function half(states: Partial<Record<TcpState, number>>): HalfCounts {
  const byState = Object.fromEntries(TCP_STATES.map((s) => [s, states[s] ?? 0])) as Record<TcpState, number>;
  return { total: Object.values(byState).reduce((a, b) => a + b, 0), byState };
}
