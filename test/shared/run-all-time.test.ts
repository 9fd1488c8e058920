import { describe, expect, it } from 'vitest';
import {
  longestWaitSeconds,
  runAllLongestSeconds,
  runAllSecondsLeft,
  timeWaitSeconds,
} from '../../src/shared/run-all-time';
import { linuxMachine, windowsMachine } from '../fixtures/results/factory';
import { snapshot } from '../fixtures/snapshot';
import type { Snapshot } from '../../src/shared/contract';

/** Three seconds into the second of three 10 s close orders. */
const runningSnapshot = (over: Partial<Snapshot> = {}): Snapshot =>
  snapshot({
    state: 'running',
    mode: 'client',
    runAll: { modes: ['any', 'client', 'server'], index: 1 },
    elapsedMs: 3000,
    durationMs: 10_000,
    ...over,
  });

describe('how long a Run all can take', () => {
  it('is about 21 minutes for five 60 s orders on Windows defaults, and 9 on Linux', () => {
    const windowsWait = longestWaitSeconds(timeWaitSeconds(windowsMachine()));
    expect(windowsWait).toBe(245);
    expect(runAllLongestSeconds(5, 60, windowsWait)).toBe(5 * 60 + 4 * 245);
    const linuxWait = longestWaitSeconds(timeWaitSeconds(linuxMachine()));
    expect(runAllLongestSeconds(5, 60, linuxWait)).toBe(300 + 4 * 65);
  });

  it("follows the machine's TcpTimedWaitDelay, and a single order waits for nothing", () => {
    const set = { ...windowsMachine(), timeWaitDelay: { value: '30 s', source: 'registry' } };
    expect(timeWaitSeconds(set)).toBe(30);
    expect(runAllLongestSeconds(1, 60, 35)).toBe(60);
    expect(runAllLongestSeconds(0, 60, 35)).toBe(0);
  });
});

describe('what is left of a Run all', () => {
  it('counts the rest of the current run, then the runs and waits after it', () => {
    // Order 2 of 3, 3 s of 10 gone: 7 s, then one wait and one run.
    expect(runAllSecondsLeft(runningSnapshot(), 65)).toBe(7 + 65 + 10);
  });

  it('counts a wait by its countdown, then the run it waits for', () => {
    const waiting = runningSnapshot({
      state: 'draining',
      elapsedMs: 0,
      countdown: { reason: 'drain', remainingSec: 40, halfConnections: 12 },
    });
    expect(runAllSecondsLeft(waiting, 65)).toBe(40 + 10 + 65 + 10);
    // Before its first count, a wait is taken at its longest.
    expect(runAllSecondsLeft({ ...waiting, countdown: null }, 65)).toBe(65 + 10 + 65 + 10);
  });

  it('is unknown for a single run, while stopping, and when nothing runs', () => {
    expect(runAllSecondsLeft(runningSnapshot({ runAll: null }), 65)).toBeNull();
    expect(runAllSecondsLeft(runningSnapshot({ state: 'stopping' }), 65)).toBeNull();
    expect(runAllSecondsLeft(snapshot(), 65)).toBeNull();
    expect(runAllSecondsLeft(null, 65)).toBeNull();
  });
});
