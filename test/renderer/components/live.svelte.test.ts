import '../dom-setup';
import '@testing-library/svelte/vitest';
import { screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LiveCounters from '@renderer/components/LiveCounters.svelte';
import NoticeBar from '@renderer/components/NoticeBar.svelte';
import PortGauge from '@renderer/components/PortGauge.svelte';
import StatusBanner from '@renderer/components/StatusBanner.svelte';
import { errorRecord, netstat, runResult, snapshot, windowsMachine } from '../fixtures';
import { renderWithStore } from '../render';
import { FakeApi } from '../fake-api';
import { fireEvent } from '@testing-library/svelte';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('StatusBanner', () => {
  it('says what each state means, in words', async () => {
    const { store } = renderWithStore(StatusBanner);
    expect(screen.getByTestId('state').textContent).toBe('Ready');

    store.live.apply(
      snapshot({
        seq: 2,
        state: 'running',
        mode: 'client',
        runAll: { modes: ['any', 'client'], index: 1 },
        elapsedMs: 12_000,
        durationMs: 60_000,
      }),
    );
    await tick();
    expect(screen.getByTestId('state').textContent).toBe('Running');
    expect(screen.getByText(/Running "client" \(2 of 2\)/)).toBeTruthy();
    expect(screen.getByText(/12 s of 1 min 00 s/)).toBeTruthy();

    store.live.apply(snapshot({ seq: 3, state: 'failed', message: 'The engine stopped answering.' }));
    await tick();
    expect(screen.getByText('The engine stopped answering.')).toBeTruthy();
    expect(screen.getByTestId('state').textContent).toBe('Failed');

    store.live.apply(snapshot({ seq: 4, state: 'done', finished: [runResult('client', [errorRecord(1)])] }));
    await tick();
    expect(
      screen.getByText(
        'Done. client — connect failed with WSAEADDRINUSE after 16,000 connections (16,383 connections in 1.4 s).',
      ),
    ).toBeTruthy();
  });

  it('counts down while half-connections drain', async () => {
    const { store } = renderWithStore(StatusBanner);
    store.live.apply(
      snapshot({
        seq: 2,
        state: 'draining',
        countdown: { reason: 'drain', remainingSec: 75, halfConnections: 16_001 },
      }),
    );
    await tick();
    expect(screen.getByTestId('state').textContent).toBe('Draining');
    expect(screen.getByTestId('countdown').textContent).toBe('1 min 15 s');
    expect(
      screen.getByText(
        /16,001 half-connections from the last run are still listed. The next close order starts/,
      ),
    ).toBeTruthy();
  });
});

describe('LiveCounters', () => {
  it('shows the figures and errors by code with Winsock names on Windows', async () => {
    const api = new FakeApi();
    api.system = windowsMachine();
    const { store } = renderWithStore(LiveCounters, api);
    store.live.system = windowsMachine();
    store.live.apply(
      snapshot({
        seq: 2,
        state: 'running',
        connections: 16_383,
        connectsPerSec: 11_200,
        errorTotal: 12,
        errorCounts: { EADDRINUSE: 10, ECONNRESET: 2 },
        netstat: netstat(4, 16_300),
      }),
    );
    await tick();
    expect(screen.getByTestId('connections').textContent).toBe('16,383');
    expect(screen.getByTestId('rate').textContent).toBe('11,200');
    expect(screen.getByTestId('errors').textContent).toBe('12');
    expect(screen.getByTestId('server-halves').textContent).toBe('4');
    expect(screen.getByTestId('client-halves').textContent).toBe('16,300');
    const codes = within(screen.getByRole('list', { name: 'Errors by code' }));
    expect(codes.getAllByRole('button').map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'WSAEADDRINUSE (10048) 10',
      'WSAECONNRESET (10054) 2',
    ]);
    await fireEvent.click(codes.getAllByRole('button')[1]!);
    expect(store.live.logFilter).toBe('ECONNRESET');
  });

  it('says when half-connections cannot be counted', () => {
    renderWithStore(LiveCounters);
    expect(screen.getByTestId('server-halves').textContent).toBe('—');
    expect(screen.getAllByText('not counted')).toHaveLength(2);
  });
});

describe('PortGauge', () => {
  it('fills as the client holds ports, and warns near the end', async () => {
    const { store } = renderWithStore(PortGauge);
    expect(screen.getByText('Counted while a test runs.')).toBeTruthy();
    store.live.apply(snapshot({ seq: 2, state: 'running', netstat: null }));
    await tick();
    expect(
      screen.getByText(/Ports held are not counted here: the connection table could not be read/),
    ).toBeTruthy();
    store.live.apply(snapshot({ seq: 3, state: 'running', netstat: netstat(0, 15_000, 15_000, 16_384) }));
    await tick();
    expect(screen.getByTestId('ports-held').textContent?.trim()).toBe('15,000 of 16,384 (92%)');
    expect((screen.getByRole('meter') as HTMLMeterElement).value).toBe(15_000);
    expect(screen.getByText(/new connects are about to fail/)).toBeTruthy();
  });
});

describe('NoticeBar', () => {
  it("shows a refused start in the reply's words, and can be dismissed", async () => {
    const api = new FakeApi();
    api.replies.start = {
      ok: false,
      error: 'Port 40000 is already in use by another program. Choose another port or close that program.',
    };
    const { store } = renderWithStore(NoticeBar, api);
    await store.requests.start();
    await tick();
    expect(screen.getByRole('alert').textContent).toContain(
      'Port 40000 is already in use by another program.',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss message' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
