import { describe, expect, it } from 'vitest';
import type { Countdown } from '../../../src/shared/contract';
import { ORIGINAL_MODES } from '../../../src/shared/modes';
import { resultCell } from '../../../src/shared/outcome';
import { waitForDrain } from '../../../src/main/controller/drain';
import { ErrorFeed } from '../../../src/main/controller/error-feed';
import { trimRun } from '../../../src/main/controller/results-document';
import { sessionStatus } from '../../../src/main/results/documents';
import { configForMode, parseRunAllRequest } from '../../../src/main/controller/run-all-request';
import { START_MS, makeError, makeRun, windowsMachine } from '../../fixtures/results/factory';
import { counts } from './fake-engine';

const spec = { system: windowsMachine(), startMs: START_MS, seconds: 3, connectsPerSec: 1000 };

describe('parseRunAllRequest', () => {
  it('takes the five original modes, 60 s each, and the single-run defaults when fields are missing', () => {
    expect(parseRunAllRequest({})).toEqual({
      modes: [...ORIGINAL_MODES],
      host: '127.0.0.1',
      port: 40000,
      durationSec: 60,
      maxErrors: 10,
      connectionLimit: null,
    });
  });

  it('gives each mode the same settings', () => {
    const request = parseRunAllRequest({ modes: ['client', 'abort'], port: 63700, durationSec: 5 });
    expect(configForMode(request, 'abort', true)).toEqual({
      mode: 'abort',
      host: '127.0.0.1',
      port: 63700,
      durationSec: 5,
      connectionLimit: null,
      maxErrors: 10,
      force: true,
    });
  });

  it('refuses too many modes and wrong types', () => {
    expect(() => parseRunAllRequest({ modes: new Array(21).fill('client') })).toThrow(
      'Run all needs a list of 1 to 20 modes.',
    );
    expect(() => parseRunAllRequest({ modes: 'client' })).toThrow('Run all needs a list of 1 to 20 modes.');
    expect(() => parseRunAllRequest({ modes: [7] })).toThrow('Every mode must be one of');
    expect(() => parseRunAllRequest({ maxErrors: 0 })).toThrow('Max errors must be a whole number');
  });
});

describe('ErrorFeed', () => {
  it('hands over at most its cap and counts the rest, then starts afresh', () => {
    const feed = new ErrorFeed(3);
    for (let i = 1; i <= 5; i++)
      feed.push(makeError({ atMs: START_MS + i, op: 'connect', code: 'EADDRNOTAVAIL', connection: i }));
    const first = feed.take();
    expect(first.errors.map((e) => e.connection)).toEqual([1, 2, 3]);
    expect(first.skipped).toBe(2);
    expect(feed.take()).toEqual({ errors: [], skipped: 0 });
  });
});

describe('trimRun', () => {
  it('keeps the first errors and the first of each kind, so the table cell still names the exhaustion', () => {
    const errors = [
      ...Array.from({ length: 30 }, (_, i) =>
        makeError({ atMs: START_MS + i, op: 'read', code: 'ECONNRESET', connection: i + 1 }),
      ),
      makeError({ atMs: START_MS + 31, op: 'connect', code: 'EADDRINUSE', connection: 31 }),
      makeError({ atMs: START_MS + 32, op: 'connect', code: 'EADDRINUSE', connection: 32 }),
    ];
    const run = makeRun({ ...spec, mode: 'client', errors });
    const trimmed = trimRun(run, 20);
    expect(trimmed.errors).toHaveLength(21);
    expect(trimmed.errors.at(-1)?.connection).toBe(31);
    expect(trimmed.errorsOmitted).toBe(run.errorsOmitted + 11);
    expect(resultCell(trimmed).label).toBe(resultCell(run).label);
  });
});

describe('sessionStatus', () => {
  it('ranks a failure over a stop over completion', () => {
    const ok = makeRun({ ...spec, mode: 'server' });
    expect(sessionStatus([ok], false, false)).toBe('complete');
    expect(sessionStatus([ok], true, false)).toBe('stopped');
    expect(sessionStatus([ok], true, true)).toBe('failed');
    expect(sessionStatus([{ ...ok, interrupted: true }], false, false)).toBe('stopped');
    expect(sessionStatus([{ ...ok, stopReason: 'failed' }], false, false)).toBe('failed');
  });
});

describe('waitForDrain', () => {
  const base = {
    reason: 'drain' as const,
    timeWaitSeconds: 2,
    graceSeconds: 0,
    pollIntervalMs: 20,
    waitBlind: true,
  };

  it('counts down while half-connections are listed and ends when they are gone', async () => {
    const seen: [number, number][] = [
      [5, 3],
      [2, 0],
      [0, 0],
    ];
    const ticks: Countdown[] = [];
    const outcome = await waitForDrain({
      ...base,
      since: Date.now(),
      poll: () => Promise.resolve(counts(...(seen.shift() ?? [0, 0]))),
      signal: new AbortController().signal,
      onTick: (c) => ticks.push(c),
    });
    expect(outcome).toEqual({ kind: 'drained' });
    expect(ticks.map((t) => t.halfConnections)).toEqual([8, 2, 0]);
    expect(ticks.every((t) => t.reason === 'drain' && t.remainingSec <= 2)).toBe(true);
  });

  it("stops waiting at TIME_WAIT's length, saying how many are still listed", async () => {
    const outcome = await waitForDrain({
      ...base,
      since: Date.now() - 1900,
      poll: () => Promise.resolve(counts(4, 0)),
      signal: new AbortController().signal,
      onTick: () => {},
    });
    expect(outcome).toEqual({ kind: 'timed-out', halfConnections: 4 });
  });

  it('waits the whole length when counts cannot be read, unless told not to', async () => {
    const blind = await waitForDrain({
      ...base,
      since: Date.now() - 1900,
      poll: () => Promise.resolve(null),
      signal: new AbortController().signal,
      onTick: () => {},
    });
    expect(blind).toEqual({ kind: 'waited-blind' });
    const started = Date.now();
    const unknown = await waitForDrain({
      ...base,
      waitBlind: false,
      since: Date.now(),
      poll: () => Promise.resolve(null),
      signal: new AbortController().signal,
      onTick: () => {},
    });
    expect(unknown).toEqual({ kind: 'unknown' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('ends at once when stopped', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    const outcome = await waitForDrain({
      ...base,
      timeWaitSeconds: 60,
      pollIntervalMs: 10_000,
      since: Date.now(),
      poll: () => Promise.resolve(counts(1, 1)),
      signal: abort.signal,
      onTick: () => {},
    });
    expect(outcome).toEqual({ kind: 'aborted' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
