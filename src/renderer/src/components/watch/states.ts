/** A count by state as the tables show it: the states that have any, busiest first. */
import type { StateCounts } from '@shared/watch';
import { formatNumber } from '@renderer/i18n/locale.svelte';

export function statesText(byState: StateCounts): string {
  const parts: [string, number][] = [];
  for (const state in byState) {
    const n = byState[state as keyof StateCounts];
    if (n > 0) parts.push([state, n]);
  }
  parts.sort((a, b) => b[1] - a[1]);
  return parts.map(([state, n]) => `${state} ${formatNumber(n)}`).join(' · ');
}
