/**
 * Numbers, shares and durations as a person reads them in the watch's sentences: "16,384",
 * "31%", "about 2 minutes". English only: the window translates its own labels, these sentences
 * are the data's (the JSON, the CSV, the bundle), like the results' Markdown.
 */

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A whole count with thousands separators: "16,384". */
export function count(n: number): string {
  return COUNT.format(n);
}

/** A share as a whole percentage; "under 1%" rather than a misleading "0%" for a few ports. */
export function percent(share: number): string {
  if (share > 0 && share < 0.005) return 'under 1%';
  return `${Math.round(share * 100)}%`;
}

/** A rate a second: whole from 10 up, one decimal below ("0.5", "3.2", "140"). */
export function rate(perSecond: number): string {
  if (perSecond >= 10) return count(Math.round(perSecond));
  const tenths = Math.round(perSecond * 10) / 10;
  return Number.isInteger(tenths) ? String(tenths) : tenths.toFixed(1);
}

/** "1 new connection a second", "140 new connections a second". */
export function newPerSecondText(perSecond: number): string {
  const text = rate(perSecond);
  return `${text} new connection${text === '1' ? '' : 's'} a second`;
}

/**
 * How long until something happens, rounded as a person would say it: "in 5 seconds" under a
 * minute, then "in about 2 minutes", "in about 3 hours", "in about 2 days".
 */
export function inDuration(seconds: number): string {
  if (seconds < 1) return 'within a second';
  if (seconds < 59.5) {
    const s = Math.round(seconds);
    return `in ${s} second${s === 1 ? '' : 's'}`;
  }
  if (seconds < 3600 - 30) {
    const m = Math.max(1, Math.round(seconds / 60));
    return m === 1 ? 'in about a minute' : `in about ${m} minutes`;
  }
  if (seconds < 48 * 3600) {
    const h = Math.max(1, Math.round(seconds / 3600));
    return h === 1 ? 'in about an hour' : `in about ${h} hours`;
  }
  return `in about ${count(Math.round(seconds / 86400))} days`;
}
