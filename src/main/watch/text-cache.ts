/**
 * Strings read out of a large table without a new string per row: a busy machine repeats a few
 * dozen addresses and program names across 100,000 rows, so each distinct slice is made once and
 * later rows find it by a hash of their characters. Bounded: past `limit` distinct slices the cache
 * starts over, so a poll of unusual text never grows it without end.
 */
export class TextCache {
  private readonly byHash = new Map<number, string[]>();
  private size = 0;

  constructor(private readonly limit = 4096) {}

  /** text[from, to), the same string object each time the same characters come. */
  get(text: string, from: number, to: number): string {
    let hash = to - from;
    for (let i = from; i < to; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
    const entries = this.byHash.get(hash);
    if (entries !== undefined) {
      for (const entry of entries) if (sameText(entry, text, from, to)) return entry;
    }
    if (this.size >= this.limit) {
      this.byHash.clear();
      this.size = 0;
    }
    // A copy, not a slice: V8's slices keep the whole table's text alive as long as the cache.
    const slice = [...text.slice(from, to)].join('');
    const fresh = this.byHash.get(hash);
    if (fresh !== undefined) fresh.push(slice);
    else this.byHash.set(hash, [slice]);
    this.size++;
    return slice;
  }
}

function sameText(entry: string, text: string, from: number, to: number): boolean {
  if (entry.length !== to - from) return false;
  for (let i = 0; i < entry.length; i++) if (entry.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}
