/**
 * What a destination can take: the 4-tuple limit lets it have at most one connection per local
 * ephemeral port, and the system never hands out the excluded (reserved) ports inside the range.
 */
import type { PortRange } from '../../shared/types';

/** The ephemeral range's size minus the excluded ports inside it (overlapping exclusions once). */
export function usablePorts(range: PortRange | null, excluded: readonly PortRange[]): number | null {
  if (range === null || range.end < range.start) return null;
  const inside = excluded
    .map((r) => ({ start: Math.max(r.start, range.start), end: Math.min(r.end, range.end) }))
    .filter((r) => r.start <= r.end)
    .sort((a, b) => a.start - b.start);
  let excludedCount = 0;
  let coveredTo = range.start - 1;
  for (const r of inside) {
    const from = Math.max(r.start, coveredTo + 1);
    if (r.end >= from) excludedCount += r.end - from + 1;
    coveredTo = Math.max(coveredTo, r.end);
  }
  return range.end - range.start + 1 - excludedCount;
}
