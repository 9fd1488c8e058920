/**
 * Connections per owner process, and the CLOSE_WAIT leak check: a program that does not close the
 * sockets its peer closed piles up CLOSE_WAIT, either many at once or a count that only grows.
 * TIME_WAIT belongs to no process (the kernel holds it after the close), so it is never counted
 * for a program: Windows' netstat shows PID 0 for it, which would blame the System Idle Process.
 * State kept between polls is one entry per live pid; pids not seen in a poll are dropped.
 */
import type { ProgramStat, StateCounts } from '../../shared/watch';
import { LEAK_CLOSE_WAIT, LEAK_GROWTH_SEC } from '../../shared/watch';
import { TCP_STATES } from '../../shared/types';
import { CLOSE_WAIT, STATE_COUNT, TIME_WAIT } from './poll-rows';
import { count, inDuration } from './words';

interface Program {
  pid: number;
  counts: Int32Array;
  total: number;
  /** The poll it was last seen in: counts from an older poll are stale. */
  poll: number;
  /** CLOSE_WAIT at the previous poll it was seen in. */
  lastCloseWait: number;
  /** When CLOSE_WAIT was last at its low before growing, and what it was; null when not growing. */
  growingSinceMs: number | null;
  growingFrom: number;
  lastMs: number;
}

export function stateCounts(counts: ArrayLike<number>): StateCounts {
  const byState = {} as StateCounts;
  for (let i = 0; i < STATE_COUNT; i++) byState[TCP_STATES[i]!] = counts[i]!;
  return byState;
}

export class ProgramTracker {
  private readonly programs = new Map<number, Program>();
  private poll = 0;
  readonly unowned = new Int32Array(STATE_COUNT);
  unownedTotal = 0;

  begin(): void {
    this.poll++;
    this.unowned.fill(0);
    this.unownedTotal = 0;
  }

  /** One connection (not a listener); pid -1 (or null) when its owner is unknown. */
  add(pid: number | null, state: number): void {
    if (pid === null || pid <= 0 || state === TIME_WAIT) {
      this.unowned[state]!++;
      this.unownedTotal++;
      return;
    }
    let program = this.programs.get(pid);
    if (program === undefined) {
      program = {
        pid,
        counts: new Int32Array(STATE_COUNT),
        total: 0,
        poll: this.poll,
        lastCloseWait: -1,
        growingSinceMs: null,
        growingFrom: 0,
        lastMs: 0,
      };
      this.programs.set(pid, program);
    } else if (program.poll !== this.poll) {
      program.poll = this.poll;
      program.counts.fill(0);
      program.total = 0;
    }
    program.counts[state]!++;
    program.total++;
  }

  /**
   * Ends the poll: drops programs not seen, updates each one's CLOSE_WAIT trend, and returns every
   * program seen, the most connections first, plus how many there were.
   */
  end(nowMs: number, names: ReadonlyMap<number, string | null>): ProgramStat[] {
    const stats: ProgramStat[] = [];
    for (const [pid, program] of this.programs) {
      if (program.poll !== this.poll) {
        this.programs.delete(pid);
        continue;
      }
      const closeWait = program.counts[CLOSE_WAIT]!;
      const leakReason = this.leak(program, closeWait, nowMs);
      stats.push({
        pid,
        name: names.get(pid) ?? null,
        byState: stateCounts(program.counts),
        total: program.total,
        closeWaitLeak: leakReason !== null,
        leakReason,
      });
    }
    stats.sort((a, b) => b.total - a.total || a.pid - b.pid);
    return stats;
  }

  /** Pids kept between polls (for the memory bound's tests). */
  get tracked(): number {
    return this.programs.size;
  }

  private leak(program: Program, closeWait: number, nowMs: number): string | null {
    const last = program.lastCloseWait;
    if (closeWait === 0 || (last >= 0 && closeWait < last)) {
      program.growingSinceMs = null;
    } else if (last >= 0 && closeWait > last && program.growingSinceMs === null) {
      // It has been growing since the previous poll, when it was still at its low.
      program.growingSinceMs = program.lastMs;
      program.growingFrom = last;
    }
    program.lastCloseWait = closeWait;
    program.lastMs = nowMs;
    if (closeWait >= LEAK_CLOSE_WAIT) {
      return `It holds ${count(closeWait)} connections the other side has already closed (CLOSE_WAIT) without closing them: it likely never closes sockets its peer closed.`;
    }
    const since = program.growingSinceMs;
    if (since !== null && (nowMs - since) / 1000 > LEAK_GROWTH_SEC) {
      const minutes = inDuration((nowMs - since) / 1000).replace(/^in /, '');
      return `Its connections the other side has already closed (CLOSE_WAIT) went from ${count(program.growingFrom)} to ${count(closeWait)} over ${minutes} without ever going down: it likely never closes sockets its peer closed.`;
    }
    return null;
  }
}
