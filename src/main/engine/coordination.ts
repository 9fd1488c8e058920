import { SLOT } from './protocol';

/** How long a wait spins before it sleeps, in microseconds. */
const SPIN_US = 300;

/**
 * Blocking waits on the shared slots. A waiting side blocks its own thread, as the original's
 * blocking sockets do; every wait wakes up regularly to notice a stop.
 */
export class Coordination {
  private readonly slots: Int32Array;
  private sense = 0;

  constructor(shared: SharedArrayBuffer) {
    this.slots = new Int32Array(shared);
  }

  get stopped(): boolean {
    return Atomics.load(this.slots, SLOT.STOP) !== 0;
  }

  add(slot: number, n = 1): number {
    return Atomics.add(this.slots, slot, n) + n;
  }

  load(slot: number): number {
    return Atomics.load(this.slots, slot) >>> 0;
  }

  signal(slot: number): void {
    Atomics.add(this.slots, slot, 1);
    Atomics.notify(this.slots, slot);
  }

  /**
   * Waits until the counter in `slot` reaches `target`. Gives up after `timeoutMs` (a connection
   * the other side never saw) or on stop; answers whether the target was reached.
   */
  waitFor(slot: number, target: number, timeoutMs = 2000): boolean {
    // The other side usually answers within microseconds: spin briefly first, since a futex sleep
    // and wake-up costs more than the wait itself (the native loop spins too).
    if (this.spinFor(slot, target)) return true;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = Atomics.load(this.slots, slot);
      if (value - target >= 0) return true; // wrap-safe comparison of 32-bit counters
      if (this.stopped) return false;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.slots, slot, value, Math.min(left, 100));
    }
  }

  /** Spins up to SPIN_US until the slot reaches `target` (or equals it, for the barrier's sense). */
  private spinFor(slot: number, target: number, exact = false): boolean {
    const until = performance.now() + SPIN_US / 1000;
    for (;;) {
      for (let i = 0; i < 64; i++) {
        const value = Atomics.load(this.slots, slot);
        if (exact ? value === target : value - target >= 0) return true;
      }
      if (performance.now() > until) return false;
    }
  }

  /**
   * Both sides arrive, then both leave at about the same instant. The second to arrive releases
   * the first; the first spins briefly before sleeping, because a futex wake-up takes long enough
   * that the releasing side would otherwise always close first.
   */
  barrier(): void {
    this.sense ^= 1;
    const mine = this.sense;
    if (Atomics.add(this.slots, SLOT.BARRIER_COUNT, 1) === 1) {
      Atomics.store(this.slots, SLOT.BARRIER_COUNT, 0);
      Atomics.store(this.slots, SLOT.BARRIER_SENSE, mine);
      Atomics.notify(this.slots, SLOT.BARRIER_SENSE);
      return;
    }
    if (this.spinFor(SLOT.BARRIER_SENSE, mine, true)) return;
    while (Atomics.load(this.slots, SLOT.BARRIER_SENSE) !== mine) {
      if (this.stopped) return;
      Atomics.wait(this.slots, SLOT.BARRIER_SENSE, mine ^ 1, 100);
    }
  }

  store(slot: number, value: number): void {
    Atomics.store(this.slots, slot, value);
  }

  /** Asks both sides to stop and wakes whichever is waiting (the run's thread does this). */
  requestStop(): void {
    Atomics.store(this.slots, SLOT.STOP, 1);
    this.wakeAll();
  }

  /** Wakes every waiter so it notices the stop. */
  wakeAll(): void {
    for (const slot of [SLOT.CLIENT_CLOSED, SLOT.SERVER_CLOSED, SLOT.BARRIER_SENSE])
      Atomics.notify(this.slots, slot);
  }
}
