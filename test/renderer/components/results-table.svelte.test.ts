import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ResultsTable from '@renderer/components/ResultsTable.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from '../fake-api';
import { errorRecord, linuxMachine, resultsDocument, runResult, snapshot, windowsMachine } from '../fixtures';
import { renderLeaf } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As ResultsPanel hands them. */
const props = (store: WindowStore) => ({
  table: store.results.table,
  columns: store.results.columns,
  viewing: store.results.viewed !== null,
  onclose: () => store.results.closeHistory(),
  onremove: (imported: number) => store.results.removeImported(imported),
});

function cells(): string[][] {
  return within(screen.getByTestId('results-table'))
    .getAllByRole('row')
    .map((row) =>
      [...row.querySelectorAll('th, td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
    );
}

describe('ResultsTable', () => {
  it('waits for a first result', () => {
    renderLeaf(ResultsTable, props);
    expect(screen.getByText(/No results yet/)).toBeTruthy();
  });

  it('shows a row per close order and a column per machine, and what each outcome means', async () => {
    const api = new FakeApi();
    const windowsRuns = [
      runResult('client', [errorRecord(331)], 16_331, windowsMachine()),
      runResult('graceful', [errorRecord(3, 'ECONNRESET')], 412_000, windowsMachine()),
    ];
    api.replies.importResults = { ok: true, value: [resultsDocument(windowsRuns, windowsMachine())] };
    const { store } = renderLeaf(ResultsTable, props, api);
    store.live.system = linuxMachine();
    store.live.apply(
      snapshot({ seq: 2, state: 'done', finished: [runResult('client'), runResult('server')] }),
    );
    await store.requests.importResults();
    await tick();

    expect(cells()).toEqual([
      [
        'Close order',
        'This machine (Debian GNU/Linux 12 (bookworm))',
        // An imported machine's column says when its results were made.
        'Windows 11 Pro (build 22631) on DESKTOP-7Q2LM0 Nov 20, 2026, 10:00:00 AM ×',
        'Windows 10, as first recorded',
      ],
      ['client', 'ok', 'WSAEADDRINUSE after 16,330 connections', 'WSAEADDRINUSE (10048) from connect'],
      ['server', 'ok', 'not run', 'ok'],
      [
        'graceful',
        'not run',
        'occasional WSAECONNRESET (1 in 412,000)',
        'occasional WSAECONNRESET (10054) from recv, after 30-60 s',
      ],
    ]);

    const legend = [...document.querySelectorAll('.meanings dt')].map(
      (dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`,
    );
    expect(legend).toEqual([
      'Out of ports: The client ran out of local ports: its closed connections wait in TIME_WAIT and new connects fail.',
      'Reset while reading: The server reset some connections while the client was still reading: data can be lost.',
      'ok: No errors: this close order is safe on this machine.',
      'not run: This close order was not run on this machine, so there is nothing to compare.',
    ]);
    await fireEvent.click(
      screen.getByRole('button', {
        name: /Remove the results of Windows 11 Pro \(build 22631\) on DESKTOP-7Q2LM0/,
      }),
    );
    expect(cells()[0]).toHaveLength(3);
  });

  it("keeps the original program's row order, and shows a file imported twice once", async () => {
    const api = new FakeApi();
    const imported = resultsDocument(
      (['abort', 'graceful', 'any', 'workaround'] as const).map((m) =>
        runResult(m, [], 1000, windowsMachine()),
      ),
      windowsMachine(),
    );
    api.replies.importResults = { ok: true, value: [imported] };
    const { store } = renderLeaf(ResultsTable, props, api);
    store.live.apply(
      snapshot({ seq: 2, state: 'done', finished: [runResult('server'), runResult('client')] }),
    );
    await store.requests.importResults();
    await tick();
    const order = ['any', 'client', 'server', 'graceful', 'workaround', 'abort'];
    expect(
      cells()
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(order);

    await store.requests.importResults();
    await tick();
    expect(store.requests.notice).toEqual({ kind: 'info', text: 'Those results are already shown.' });
    expect(cells()[0]).toHaveLength(4);
  });

  it('says when a saved session is shown, and goes back to the current results', async () => {
    const { store } = renderLeaf(ResultsTable, props);
    store.results.showHistory('h1', resultsDocument([runResult('graceful')], linuxMachine()));
    await tick();
    expect(screen.getByText('Showing a saved session.')).toBeTruthy();
    expect(cells()[0]![1]).toBe('This machine, Nov 20, 2026, 10:00 AM');
    await fireEvent.click(screen.getByRole('button', { name: 'Back to the current results' }));
    expect(store.results.viewed).toBeNull();
    expect(screen.getByText(/No results yet/)).toBeTruthy();
  });
});
