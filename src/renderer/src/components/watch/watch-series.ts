/** The watch's series as one table for the chart: the union of the poll times, a column per destination. */
import type { WatchSnapshot } from '@shared/watch';

export type SeriesTable = [number[], ...(number | null)[][]];

export function seriesTable(series: WatchSnapshot['series']): SeriesTable {
  const times = new Set<number>();
  for (const s of series) for (const p of s.points) times.add(p.t);
  const xs = [...times].sort((a, b) => a - b);
  const index = new Map<number, number>();
  xs.forEach((x, i) => index.set(x, i));
  const columns = series.map((s) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const p of s.points) column[index.get(p.t)!] = p.held;
    return column;
  });
  return [xs, ...columns];
}
