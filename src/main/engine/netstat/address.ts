/** The port at the end of an address field, as each tool writes it. */
import { lastIndexIn, portAt } from './fields';

const COLON = 58;
const DOT = 46;
const STAR = 42;

/**
 * Port after the last `separator` in text[from, to): `127.0.0.1:62000`, `[::1]:62000` (Windows, ss),
 * `127.0.0.1.62000`, `::1.62000` (macOS). `*` (unbound, a listener's peer) is 0. -1 when there is no
 * port: the field is not an address, so the row is not a connection-table row.
 */
export function portOf(text: string, from: number, to: number, separator: number): number {
  const at = lastIndexIn(text, separator, from, to);
  if (at === -1) return -1;
  if (at + 2 === to && text.charCodeAt(at + 1) === STAR) return 0;
  return portAt(text, at + 1, to);
}

export const portAfterColon = (text: string, from: number, to: number): number =>
  portOf(text, from, to, COLON);
export const portAfterDot = (text: string, from: number, to: number): number => portOf(text, from, to, DOT);

/** Whether an address field holds an IPv6 address: bracketed, or with more than one colon. */
export function isIpv6Field(text: string, from: number, to: number): boolean {
  if (text.charCodeAt(from) === 91) return true; // '['
  let colons = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === COLON && ++colons > 1) return true;
  return false;
}
