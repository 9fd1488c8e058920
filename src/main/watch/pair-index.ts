/**
 * An index from a pair of small integers (an address id and a port) to a dense number, as an
 * open-addressing hash table in typed arrays: a Map keyed by id x 65536 + port would hash a heap
 * number per row once ids pass 2^14, costing an allocation per row on a busy machine.
 */
export class PairIndex {
  private slots = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;
  private firsts = new Int32Array(1 << 11);
  private seconds = new Int32Array(1 << 11);
  size = 0;

  /** Empties it, sized for about `expected` pairs (shrinking a table far larger than that). */
  clear(expected: number): void {
    let capacity = 1 << 12;
    while (capacity < 2 * expected) capacity <<= 1;
    if (capacity > this.slots.length || this.slots.length > 4 * capacity) {
      this.slots = new Int32Array(capacity);
      this.mask = capacity - 1;
      this.firsts = new Int32Array(capacity >> 1);
      this.seconds = new Int32Array(capacity >> 1);
    }
    this.slots.fill(-1);
    this.size = 0;
  }

  /** The pair's number, a new one (the next in order) when it is not there yet. */
  get(first: number, second: number): number {
    if (2 * (this.size + 1) > this.slots.length) this.grow();
    let slot = Math.imul(first ^ Math.imul(second, 0x9e3779b1), 0x85ebca6b) >>> 0;
    slot = (slot ^ (slot >>> 15)) & this.mask;
    for (;;) {
      const at = this.slots[slot]!;
      if (at === -1) break;
      if (this.firsts[at] === first && this.seconds[at] === second) return at;
      slot = (slot + 1) & this.mask;
    }
    const index = this.size++;
    this.slots[slot] = index;
    this.firsts[index] = first;
    this.seconds[index] = second;
    return index;
  }

  private grow(): void {
    const size = this.size;
    const firsts = this.firsts;
    const seconds = this.seconds;
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.firsts = new Int32Array(capacity >> 1);
    this.seconds = new Int32Array(capacity >> 1);
    this.size = 0;
    for (let i = 0; i < size; i++) this.get(firsts[i]!, seconds[i]!);
  }
}
