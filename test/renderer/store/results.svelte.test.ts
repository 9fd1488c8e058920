import { describe, expect, it } from 'vitest';
import { LiveFigures } from '@renderer/store/live-figures.svelte';
import { Results } from '@renderer/store/results.svelte';
import { connectedStore } from '../connect';
import {
  errorRecord,
  linuxMachine,
  resultsDocument,
  runEnded,
  runResult,
  runningSnapshot,
  snapshot,
  windowsMachine,
} from '../fixtures';

describe('Results', () => {
  it("keeps this machine's results while a new session runs, each finished order replacing its own", () => {
    const live = new LiveFigures();
    const results = new Results(live);
    expect(results.hasResults).toBe(false);
    results.ended(runEnded('s1', [runResult('client'), runResult('server')], 'h1'));
    expect(results.liveRuns.map((r) => r.mode)).toEqual(['client', 'server']);
    // Null: the current results, not one saved session.
    expect([results.hasResults, results.resultsId]).toEqual([true, null]);

    live.apply(runningSnapshot({ finished: [] }));
    expect(results.liveRuns.map((r) => r.mode)).toEqual(['client', 'server']);
    expect(results.hasResults).toBe(true);
    const newer = runResult('server', [errorRecord(1)]);
    live.apply(runningSnapshot({ seq: 13, finished: [newer] }));
    expect(results.liveRuns.map((r) => r.mode)).toEqual(['client', 'server']);
    expect(results.liveRuns[1]).toBe(newer);
  });

  it('adds only the imported results not shown yet, and says how many were new', () => {
    const results = new Results(new LiveFigures());
    const windows = resultsDocument([runResult('client')], windowsMachine());
    const later = resultsDocument([runResult('server')], windowsMachine(), '2026-11-21T10:00:00.000+01:00');
    expect(results.addImported([windows])).toBe(1);
    expect(results.addImported([windows, later])).toBe(1);
    expect(results.addImported([])).toBe(0);
    expect(results.imported).toEqual([windows, later]);
    results.removeImported(0);
    expect(results.imported).toEqual([later]);
  });

  it('builds the results table from the finished runs and the imported machines', async () => {
    const { api, store } = await connectedStore();
    const windowsRun = runResult('client', [errorRecord(1)], 16_383, windowsMachine());
    api.replies.importResults = { ok: true, value: [resultsDocument([windowsRun], windowsMachine())] };
    await store.requests.importResults();
    await store.requests.importResults();
    expect(store.results.imported).toHaveLength(1);
    expect(store.requests.notice?.text).toBe('Those results are already shown.');

    api.push(snapshot({ seq: 2, state: 'done', finished: [runResult('client'), runResult('server')] }));
    expect(store.results.table.machines).toEqual([
      'This machine (Debian GNU/Linux 12 (bookworm))',
      'Windows 11 Pro (build 22631) on DESKTOP-7Q2LM0',
    ]);
    expect(store.results.table.rows.map((r) => [r.mode, ...r.cells.map((c) => c?.label ?? null)])).toEqual([
      ['client', 'ok', 'WSAEADDRINUSE after 16,000 connections'],
      ['server', 'ok', null],
    ]);

    await store.requests.copyTable();
    expect(api.calls.find((c) => c.method === 'copyTable')?.args).toEqual([null, store.results.imported]);
    store.results.removeImported(0);
    expect(store.results.table.machines).toHaveLength(1);
  });

  it('acts on the newest saved session after a run ends, or on the one picked from the history', async () => {
    const { api, store } = await connectedStore();
    api.end(runEnded('s1', [runResult('client')], 'h-new'));
    await store.requests.exportResults('csv');
    expect(api.calls.find((c) => c.method === 'exportResults')?.args).toEqual(['csv', null, []]);
    expect(store.requests.notice).toEqual({ kind: 'info', text: 'Saved to /home/user/results.csv' });

    api.documents.set(
      'h-old',
      resultsDocument([runResult('graceful')], linuxMachine(), '2026-11-20T10:00:00.000+01:00'),
    );
    await store.requests.openHistory('h-old');
    expect(store.results.table.rows.map((r) => r.mode)).toEqual(['graceful']);
    expect(store.results.table.machines[0]).toMatch(/^This machine, Nov 20, 2026, 10:00\sAM$/);
    await store.requests.saveBundle();
    expect(api.calls.find((c) => c.method === 'saveBundle')?.args).toEqual(['h-old']);

    await store.requests.openHistory('gone');
    expect(store.requests.notice).toEqual({ kind: 'error', text: 'That saved session is no longer there.' });
    store.results.closeHistory();
    expect(store.results.table.rows.map((r) => r.mode)).toEqual(['client']);
  });

  it("keeps this machine's column while a new session starts, until its runs replace their own", async () => {
    const { api, store } = await connectedStore();
    api.end(runEnded('s1', [runResult('client')]));
    expect(store.results.table.rows.map((r) => r.mode)).toEqual(['client']);
    api.push(
      snapshot({
        seq: 2,
        sessionId: 's2',
        state: 'running',
        mode: 'any',
        runAll: { modes: ['any', 'server'], index: 0 },
      }),
    );
    expect(store.results.table.rows.map((r) => r.mode)).toEqual(['client']);
    api.push(
      snapshot({ seq: 3, sessionId: 's2', state: 'draining', mode: 'server', finished: [runResult('any')] }),
    );
    expect(store.results.table.rows.map((r) => r.mode)).toEqual(['any', 'client']);
  });
});
