import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODES } from '../../../src/shared/modes';
import { classifyOutcome, resultCell, runOutcome, summarize } from '../../../src/shared/outcome';
import type { ErrorRecord } from '../../../src/shared/types';
import { CLOSE_ORDERS } from '../../../src/main/engine/close-orders';
import { ErrorTally } from '../../../src/main/engine/error-tally';
import { workerPaths } from '../../../src/main/engine/worker-paths';
import { makeError } from '../../fixtures/results/factory';

const exhausted = (connection: number): ErrorRecord =>
  makeError({ op: 'connect', code: 'EADDRINUSE', atMs: connection, connection });
const reset = (connection: number): ErrorRecord =>
  makeError({ op: 'read', code: 'ECONNRESET', atMs: connection, connection });
const other = (connection: number): ErrorRecord =>
  makeError({ op: 'write', code: 'EPIPE', atMs: connection, connection });

describe('the error tally', () => {
  it('counts every error but keeps only the first and the last ones', () => {
    const tally = new ErrorTally({ first: 2, last: 3 });
    for (let i = 1; i <= 20; i++) tally.add(other(i));
    expect(tally.total).toBe(20);
    expect(tally.counts).toEqual({ EPIPE: 20 });
    expect(tally.kept().map((e) => e.connection)).toEqual([1, 2, 18, 19, 20]);
  });

  it('keeps the outcome of the error that retention dropped', () => {
    const tally = new ErrorTally({ first: 1, last: 1 });
    [reset(1), exhausted(2), other(3), other(4)].forEach((e) => tally.add(e));
    expect(tally.kept().map((e) => e.connection)).toEqual([1, 4]);
    expect(tally.outcome).toBe('exhausted');
  });

  it('decides the outcome by the same precedence as classifyOutcome, whatever the order', () => {
    const sets = [
      [],
      [other(1)],
      [other(1), reset(2)],
      [reset(1), other(2)],
      [reset(1), exhausted(2), other(3)],
    ];
    for (const errors of sets) {
      const tally = new ErrorTally();
      errors.forEach((e) => tally.add(e));
      expect(tally.outcome).toBe(classifyOutcome(errors));
    }
  });
});

describe("a run's outcome", () => {
  const none = { errors: [], errorCounts: {}, ignoredReadErrors: 0, elapsedMs: 0 };

  it('is not ok when the run made no connection and met no error', () => {
    expect(runOutcome(classifyOutcome([]), 0)).toBe('no-connections');
    expect(runOutcome(classifyOutcome([]), 1)).toBe('ok');
    // An error still names the outcome, connections or not.
    expect(runOutcome(classifyOutcome([exhausted(1)]), 0)).toBe('exhausted');
    expect(runOutcome(classifyOutcome([other(1)]), 0)).toBe('error');
  });

  it('says so in the summary and in the results table', () => {
    const run = { ...none, outcome: 'no-connections' as const, connections: 0, interrupted: false };
    expect(summarize(run)).toBe('no connection was made in 0.0 s, and no error');
    const cell = resultCell(run);
    expect(cell.label).toBe('no connections');
    expect(cell.meaning).toMatch(/proves nothing/);
    expect(resultCell({ ...run, interrupted: true }).label).toBe('no connections (stopped early)');
  });
});

describe('the close-order table', () => {
  it('has a row for every mode, and a side only waits for a signal the other side gives', () => {
    expect(Object.keys(CLOSE_ORDERS).sort()).toEqual([...MODES].sort());
    for (const { client, server } of Object.values(CLOSE_ORDERS)) {
      expect(client.waits === 'server-closed').toBe(server.signals === true);
      expect(server.waits === 'client-closed').toBe(client.signals === true);
      expect(client.waits === 'barrier').toBe(server.waits === 'barrier');
      expect(server.waits === 'request').toBe(client.asks === true);
    }
  });
});

describe('the worker paths', () => {
  it('are beside the bundle, and outside app.asar when packaged', () => {
    const dev = workerPaths(join(sep, 'app', 'out', 'cli'));
    expect(dev.engine).toBe(join(sep, 'app', 'out', 'worker', 'engine-worker.js'));
    expect(dev.netstat).toBe(join(sep, 'app', 'out', 'worker', 'netstat-worker.js'));
    expect(dev.watch).toBe(join(sep, 'app', 'out', 'worker', 'watch-worker.js'));
    const packed = workerPaths(join(sep, 'res', 'app.asar', 'out', 'main'));
    expect(packed.engine).toBe(join(sep, 'res', 'app.asar.unpacked', 'out', 'worker', 'engine-worker.js'));
  });
});
