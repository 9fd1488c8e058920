import { describe, expect, it } from 'vitest';
import { APPLY_MEASURE, LiveFigures } from '@renderer/store/live-figures.svelte';
import { errorRecord, linuxMachine, netstat, runningSnapshot, sample, snapshot } from '../fixtures';

describe('LiveFigures', () => {
  it('derives what a running snapshot shows: state, close order, ports, errors and chart', () => {
    const live = new LiveFigures();
    live.system = linuxMachine();
    expect(live.apply(runningSnapshot())).toBe(true);

    expect(live.state).toBe('running');
    expect(live.active).toBe(true);
    expect(live.platform).toBe('linux');
    expect(live.currentMode).toBe('client');
    expect(live.ports).toEqual({ held: 16_300, size: 16_384, fraction: 16_300 / 16_384 });
    expect(live.log.codes()).toEqual([
      { code: 'EADDRINUSE', count: 2 },
      { code: 'ECONNRESET', count: 1 },
    ]);
    expect(live.log.rowAt(0, null)?.record.code).toBe('ECONNRESET');
    expect(live.series.t).toEqual([1, 2, 3]);
    expect(live.series.connects).toEqual([9000, 11_000, 11_200]);
  });

  it('shows nothing under way before the first snapshot, nor once the session is done', () => {
    const live = new LiveFigures();
    expect([live.state, live.active, live.currentMode, live.platform]).toEqual(['idle', false, null, null]);
    expect(live.ports).toEqual({ held: null, size: null, fraction: null });
    live.apply(runningSnapshot({ state: 'done' }));
    expect([live.state, live.active, live.currentMode]).toEqual(['done', false, null]);
  });

  it('takes a repeated snapshot once, so its errors are not counted twice', () => {
    const live = new LiveFigures();
    expect(live.apply(runningSnapshot())).toBe(true);
    expect(live.apply(runningSnapshot())).toBe(false);
    expect(live.log.count(null)).toBe(3);
  });

  it('fills the gauge no further than the whole range', () => {
    const live = new LiveFigures();
    live.apply(runningSnapshot({ netstat: netstat(0, 20_000, 20_000, 16_384) }));
    expect(live.ports.fraction).toBe(1);
  });

  it('ignores snapshots older than the one it has', () => {
    const live = new LiveFigures();
    live.receive(snapshot({ seq: 5, connections: 500 }));
    live.receive(snapshot({ seq: 4, connections: 400 }));
    expect(live.snapshot?.connections).toBe(500);
  });

  it('keeps the errors of the session newest first and starts a new log with a new session', () => {
    const live = new LiveFigures();
    live.receive(
      snapshot({ seq: 2, state: 'running', mode: 'client', newErrors: [errorRecord(1), errorRecord(2)] }),
    );
    live.receive(
      snapshot({
        seq: 3,
        state: 'running',
        mode: 'client',
        newErrors: [errorRecord(3)],
        newErrorsSkipped: 4,
      }),
    );
    expect(live.log.count(null)).toBe(3);
    expect(live.log.rowAt(0, null)?.record.connection).toBe(errorRecord(3).connection);
    expect(live.log.skipped).toBe(4);

    live.receive(snapshot({ seq: 4, sessionId: 's2', state: 'running', mode: 'server' }));
    expect(live.log.count(null)).toBe(0);
  });

  it('feeds the chart per run: a Run all starts a new series with each close order', () => {
    const live = new LiveFigures();
    const runAll = { modes: ['any', 'client'] as const, index: 0 };
    live.receive(
      snapshot({
        seq: 2,
        state: 'running',
        mode: 'any',
        runAll: { ...runAll, modes: [...runAll.modes] },
        samples: [sample(1, 9000), sample(2, 9100)],
      }),
    );
    expect(live.series.t).toEqual([1, 2]);
    live.receive(
      snapshot({
        seq: 3,
        state: 'running',
        mode: 'client',
        runAll: { modes: ['any', 'client'], index: 1 },
        samples: [sample(1, 8000)],
      }),
    );
    expect(live.series.connects).toEqual([8000]);
  });

  it('records a performance measure for each snapshot it renders', async () => {
    const live = new LiveFigures();
    const seen: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntriesByName(APPLY_MEASURE)) seen.push(e.duration);
    });
    observer.observe({ type: 'measure' });
    live.receive(snapshot({ seq: 2, newErrors: [errorRecord(1)] }));
    await new Promise((r) => setTimeout(r, 10));
    observer.disconnect();
    expect(seen.length).toBe(1);
    expect(seen[0]).toBeGreaterThanOrEqual(0);
    expect(performance.getEntriesByName(APPLY_MEASURE)).toHaveLength(0);
  });

  it('derives the running states and the port gauge', () => {
    const live = new LiveFigures();
    live.system = linuxMachine();
    expect(live.active).toBe(false);
    live.receive(snapshot({ seq: 2, state: 'running', netstat: netstat(3, 12288, 12288, 16384) }));
    expect(live.active).toBe(true);
    expect(live.ports).toEqual({ held: 12288, size: 16384, fraction: 0.75 });
    live.receive(snapshot({ seq: 3, state: 'draining', netstat: netstat(0, 10, 100, null) }));
    // Without a size in the poll, the machine's range (28,232 ports here) stands in.
    expect(live.ports.size).toBe(28232);
    expect(live.active).toBe(true);
  });
});
