/**
 * The banner and the port gauge say what happened, not more: a stopped session is "Stopped", a
 * refused start offers to wait and start by itself, an earlier session says it is one with a way
 * back, and the gauge says what it counts and when.
 */
import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LiveCounters from '@renderer/components/LiveCounters.svelte';
import PortGauge from '@renderer/components/PortGauge.svelte';
import StatusBanner from '@renderer/components/StatusBanner.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import type { Component } from 'svelte';
import ResultsPanel from '@renderer/panels/ResultsPanel.svelte';
import RunPanel from '@renderer/panels/RunPanel.svelte';
import { FakeApi } from '../fake-api';
import { linuxMachine, netstat, resultsDocument, runEnded, runResult, snapshot } from '../fixtures';
import { renderLeaf, renderWithStore } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As LivePanel hands them. */
const bannerProps = (store: WindowStore) => ({
  snapshot: store.results.viewedFigures?.snapshot ?? store.live.snapshot,
  sessionState: store.results.viewedFigures?.snapshot.state ?? store.live.state,
  skipped: store.live.log.skipped,
  noticeText: store.requests.notice?.text ?? null,
  viewing: store.results.viewedFigures
    ? {
        createdAt: store.results.viewedFigures.document.createdAt,
        status: store.results.viewedFigures.document.status,
      }
    : null,
  onback: () => store.results.closeHistory(),
});

describe('StatusBanner', () => {
  it('says a stopped Run all was stopped, and how far it got; never "Done"', async () => {
    const { store } = renderLeaf(StatusBanner, bannerProps);
    store.live.apply(
      snapshot({
        seq: 2,
        state: 'done',
        runAll: { modes: ['client', 'server', 'simultaneous', 'graceful', 'abort'], index: 0 },
        ended: { status: 'stopped', ran: 1, planned: 5 },
      }),
    );
    await tick();
    expect(screen.getByTestId('state').textContent).toBe('Stopped');
    expect(screen.getByTestId('stopped').textContent).toBe('Stopped: 1 of 5 close orders run.');
    expect(screen.queryByText(/Done/)).toBeNull();

    store.live.apply(snapshot({ seq: 3, state: 'done', ended: { status: 'stopped', ran: 0, planned: 5 } }));
    await tick();
    expect(screen.getByTestId('stopped').textContent).toBe(
      'Stopped before any close order ran. The results below are from earlier runs.',
    );
  });

  it('offers to wait and start by itself, under the buttons, when a start was refused for lingering connections', async () => {
    const { store, api } = renderWithStore(RunPanel as Component);
    store.live.apply(
      snapshot({ seq: 2, state: 'idle', canWaitToStart: true, message: '12 half-connections…' }),
    );
    await tick();
    await fireEvent.click(screen.getByRole('button', { name: 'Wait and start' }));
    await tick();
    const start = api.calls.find((c) => c.method === 'start');
    expect(start?.args[1]).toEqual({ waitForDrain: true });
    expect(start?.args[0]).toMatchObject({ mode: 'client' });

    store.live.apply(snapshot({ seq: 3, state: 'waiting', canWaitToStart: false }));
    await tick();
    expect(screen.queryByRole('button', { name: 'Wait and start' })).toBeNull();
  });

  it('says an earlier session is shown, with the way back to the current results', async () => {
    const { store } = renderLeaf(StatusBanner, bannerProps);
    store.results.showHistory('h-old', {
      kind: 'socketclosetest-results',
      schemaVersion: 1,
      createdAt: '2026-11-19T09:30:00.000+01:00',
      app: { name: 'SocketCloseTest', version: 'test' },
      machine: linuxMachine(),
      status: 'complete',
      runs: [],
    });
    await tick();
    expect(screen.getByTestId('state').textContent).toBe('Earlier');
    expect(screen.getByTestId('viewing').textContent?.replace(/\s+/g, ' ')).toContain(
      'saved Nov 19, 2026, 9:30 AM (complete)',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Back to current results' }));
    await tick();
    expect(store.results.viewed).toBeNull();
    expect(screen.queryByTestId('viewing')).toBeNull();
  });
});

describe('LiveCounters', () => {
  it("counts a Run all's errors over every close order, and says so", async () => {
    const { store } = renderLeaf(LiveCounters, (st: WindowStore) => ({
      snapshot: st.live.snapshot,
      platform: st.live.platform,
      filter: null,
    }));
    store.live.apply(
      snapshot({
        seq: 2,
        state: 'done',
        errorTotal: 30,
        errorCounts: { EADDRNOTAVAIL: 30 },
        runAll: { modes: ['client', 'graceful'], index: 1 },
      }),
    );
    await tick();
    expect(screen.getByTestId('errors').textContent).toBe('30');
    expect(screen.getByTestId('errors-scope').textContent).toBe('all close orders so far');
  });
});

describe('PortGauge', () => {
  const props = (store: WindowStore) => ({ ports: store.live.ports, sessionState: store.live.state });

  it('says what it counts, and after a run that the figure is from its end, without a warning', async () => {
    const { store } = renderLeaf(PortGauge, props);
    expect(screen.getByTestId('ports-what').textContent).toContain('any connection of any program');
    store.live.apply(snapshot({ seq: 2, state: 'running', netstat: netstat(0, 16_000, 16_000, 16_384) }));
    await tick();
    expect(screen.getByText(/new connects are about to fail/)).toBeTruthy();
    store.live.apply(snapshot({ seq: 3, state: 'done', netstat: netstat(0, 16_000, 16_000, 16_384) }));
    await tick();
    expect(screen.queryByText(/about to fail/)).toBeNull();
    expect(screen.getByTestId('ports-held').textContent?.trim()).toBe('at the end: 16,000 of 16,384 (98%)');
    expect(screen.getByTestId('ports-note').textContent).toContain('Counted when the last run ended');
  });
});

describe('ResultsPanel', () => {
  it("says when each of this machine's rows ran once they come from more than one session", async () => {
    const api = new FakeApi();
    const { store } = renderWithStore(ResultsPanel as unknown as Component, api);
    store.ended(runEnded('s1', [runResult('client'), runResult('server')], 'h1'));
    await tick();
    expect(screen.queryByTestId('results-coverage')).toBeNull();
    store.ended({
      ...runEnded('s2', [runResult('server')], 'h2'),
      document: resultsDocument([runResult('server')], linuxMachine(), '2026-11-24T08:05:00.000+00:00'),
    });
    await tick();
    const items = [...screen.getByTestId('results-coverage').querySelectorAll('li')].map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(items).toEqual(['client: run Nov 24, 2026, 7:20 AM', 'server: run Nov 24, 2026, 8:05 AM']);
    expect(store.results.table.rows.map((r) => r.mode)).toEqual(['client', 'server']);
  });
});
