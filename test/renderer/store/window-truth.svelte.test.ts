/**
 * The window's data never disappears or lies: the results a reopened program had are shown and
 * exportable, a session that ran nothing wipes nothing, each error is filed under its own close
 * order, and an earlier session picked in the history brings its own figures.
 */
import { describe, expect, it } from 'vitest';
import type { CurrentResults } from '@shared/contract';
import { LiveFigures } from '@renderer/store/live-figures.svelte';
import { Results, withSession } from '@renderer/store/results.svelte';
import { connectedStore } from '../connect';
import { FakeApi } from '../fake-api';
import {
  errorRecord,
  linuxMachine,
  netstat,
  resultsDocument,
  runEnded,
  runResult,
  sample,
  snapshot,
} from '../fixtures';

const saved = (): CurrentResults => {
  const document = resultsDocument(
    [runResult('client', [errorRecord(1, 'EADDRNOTAVAIL')]), runResult('server')],
    linuxMachine(),
  );
  return {
    document,
    sources: [
      { historyId: 'h9', createdAt: document.createdAt, status: 'complete', modes: ['client', 'server'] },
    ],
  };
};

describe('the window on start', () => {
  it('shows the newest saved results of a program opened again, ready to export', async () => {
    const api = new FakeApi();
    api.currentResultsValue = saved();
    const { store } = await connectedStore(api);
    expect(api.calls.some((c) => c.method === 'currentResults')).toBe(true);
    expect(store.results.table.rows.map((r) => r.mode)).toEqual(['client', 'server']);
    expect(store.results.hasResults).toBe(true);
    await store.requests.exportResults('json');
    expect(api.calls.find((c) => c.method === 'exportResults')?.args).toEqual(['json', null, []]);
    expect(store.requests.notice?.text).toBe('Saved to /home/user/results.json');
  });
});

describe('the current results', () => {
  it('keep the other orders when one runs again, and say when each ran', () => {
    const first = withSession(null, runEnded('s1', [runResult('client'), runResult('server')], 'h1'));
    const second = withSession(first, {
      ...runEnded('s2', [runResult('server', [errorRecord(2)])], 'h2'),
      document: resultsDocument(
        [runResult('server', [errorRecord(2)])],
        linuxMachine(),
        '2026-11-24T08:00:00.000+00:00',
      ),
    });
    expect(second!.document.runs.map((r) => [r.mode, r.errors.length])).toEqual([
      ['client', 0],
      ['server', 1],
    ]);
    expect(second!.sources.map((s) => [s.historyId, s.modes])).toEqual([
      ['h1', ['client']],
      ['h2', ['server']],
    ]);
    const results = new Results(new LiveFigures());
    results.current = second;
    expect(results.coverage.map((c) => c.modes)).toEqual([['client'], ['server']]);
  });

  it('are not wiped by a Run all stopped before anything ran', async () => {
    const api = new FakeApi();
    api.currentResultsValue = saved();
    const { store } = await connectedStore(api);
    api.push(
      snapshot({ seq: 5, sessionId: 's3', state: 'waiting', runAll: { modes: ['client'], index: 0 } }),
    );
    api.push(
      snapshot({ seq: 6, sessionId: 's3', state: 'done', ended: { status: 'stopped', ran: 0, planned: 5 } }),
    );
    api.end(runEnded('s3', [], null));
    await new Promise((r) => setTimeout(r, 0));
    expect(store.results.table.rows.map((r) => r.mode)).toEqual(['client', 'server']);
    expect(store.results.hasResults).toBe(true);
  });
});

describe('the error log', () => {
  it('files each error under its own close order, not the one running when it arrived', () => {
    const live = new LiveFigures();
    live.apply(
      snapshot({
        seq: 2,
        state: 'draining',
        mode: 'server',
        runAll: { modes: ['client', 'server'], index: 1 },
        newErrors: [errorRecord(1, 'EADDRNOTAVAIL', { mode: 'client' }), errorRecord(2, 'EADDRNOTAVAIL')],
      }),
    );
    // The newest first: the one without a mode (an older file's) takes the snapshot's.
    expect([live.log.rowAt(0, null)?.mode, live.log.rowAt(1, null)?.mode]).toEqual(['server', 'client']);
  });
});

describe('an earlier session picked in the history', () => {
  it('brings its own state, counters, chart and error log, until the way back is taken', async () => {
    const api = new FakeApi();
    const old = resultsDocument(
      [
        runResult('client', [errorRecord(1, 'EADDRNOTAVAIL'), errorRecord(2, 'EADDRNOTAVAIL')], 300),
        { ...runResult('graceful', [], 500), samples: [sample(1, 250, [0, 3]), sample(2, 250, [0, 5])] },
      ],
      linuxMachine(),
      '2026-11-19T09:30:00.000+01:00',
    );
    old.status = 'stopped';
    api.documents.set('h-old', old);
    const { store } = await connectedStore(api);
    await store.requests.openHistory('h-old');
    const figures = store.results.viewedFigures!;
    expect(figures.snapshot).toMatchObject({
      state: 'done',
      connections: 800,
      errorTotal: 2,
      errorCounts: { EADDRNOTAVAIL: 2 },
      ended: { status: 'stopped', ran: 2, planned: 2 },
    });
    expect(figures.snapshot.netstat).toEqual(netstat(0, 5));
    expect(figures.log.count(null)).toBe(2);
    expect(figures.log.rowAt(0, null)?.mode).toBe('client');
    expect(figures.series.length).toBe(2);
    store.results.closeHistory();
    expect(store.results.viewedFigures).toBeNull();
  });
});
