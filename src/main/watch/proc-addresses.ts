/**
 * Address text for /proc/net/tcp's hex addresses, made once per distinct address. A busy machine
 * has 100,000 rows but few distinct addresses (loopback, the machine's own, its peers), so each row
 * costs a lookup, not a string. IPv4 addresses are keyed by their numeric value; IPv6 ones by a hash
 * of their four words, chained on collision. Ids index `text`.
 */
import { endianness } from 'node:os';

/** Distinct addresses kept before the cache starts over (a server with many clients has many). */
const MAX_ADDRESSES = 1 << 18;

/** The kernel prints each 32-bit word of the address in the machine's own byte order. */
const LITTLE = endianness() === 'LE';

export class ProcAddresses {
  private texts: string[] = [];
  private byValue = new Map<number, number>();
  private byHash = new Map<number, number>();
  /** Per id: the next IPv6 id with the same hash, or -1; and its four words. */
  private chain: number[] = [];
  private words: number[] = [];

  /** The address text of an id given by v4() or v6() since the last reset. */
  text(id: number): string {
    return this.texts[id]!;
  }

  get size(): number {
    return this.texts.length;
  }

  /** Starts over when too many addresses are kept (ids given before become invalid). */
  trim(): void {
    if (this.texts.length < MAX_ADDRESSES) return;
    this.texts = [];
    this.byValue = new Map();
    this.byHash = new Map();
    this.chain = [];
    this.words = [];
  }

  /** The id of an IPv4 address as the kernel printed it (8 hex digits, as one 32-bit value). */
  v4(value: number): number {
    let id = this.byValue.get(value);
    if (id === undefined) {
      id = this.add(ipv4Text(value), 0, 0, 0, 0);
      this.byValue.set(value, id);
    }
    return id;
  }

  /** The id of an IPv6 address as the kernel printed it (32 hex digits, as four 32-bit words). */
  v6(a: number, b: number, c: number, d: number): number {
    const hash = (Math.imul(a, 31) ^ Math.imul(b, 961) ^ Math.imul(c, 29791) ^ d) | 0;
    const first = this.byHash.get(hash);
    for (let id = first ?? -1; id !== -1; id = this.chain[id]!) {
      const w = id * 4;
      const words = this.words;
      if (words[w] === a && words[w + 1] === b && words[w + 2] === c && words[w + 3] === d) return id;
    }
    const id = this.add(ipv6Text(a, b, c, d), a, b, c, d);
    this.chain[id] = first ?? -1;
    this.byHash.set(hash, id);
    return id;
  }

  private add(text: string, a: number, b: number, c: number, d: number): number {
    const id = this.texts.length;
    this.texts.push(text);
    this.chain.push(-1);
    this.words.push(a, b, c, d);
    return id;
  }
}

/** The four bytes of one printed word, in network order. */
function bytesOf(word: number): [number, number, number, number] {
  return LITTLE
    ? [word & 255, (word >>> 8) & 255, (word >>> 16) & 255, word >>> 24]
    : [word >>> 24, (word >>> 16) & 255, (word >>> 8) & 255, word & 255];
}

export function ipv4Text(value: number): string {
  return bytesOf(value).join('.');
}

/** RFC 5952 text, as Node and ss write it: the longest run of zero groups as "::", IPv4-mapped as ::ffff:a.b.c.d. */
export function ipv6Text(a: number, b: number, c: number, d: number): string {
  const bytes = [...bytesOf(a), ...bytesOf(b), ...bytesOf(c), ...bytesOf(d)];
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
