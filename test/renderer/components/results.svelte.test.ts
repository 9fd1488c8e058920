import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import HistoryList from '@renderer/components/HistoryList.svelte';
import MachineFacts from '@renderer/components/MachineFacts.svelte';
import ResultsActions from '@renderer/components/ResultsActions.svelte';
import ResultsTable from '@renderer/components/ResultsTable.svelte';
import { FakeApi } from '../fake-api';
import {
  errorRecord,
  linuxMachine,
  resultsDocument,
  runEnded,
  runResult,
  snapshot,
  windowsMachine,
} from '../fixtures';
import { renderWithStore } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

function cells(): string[][] {
  return within(screen.getByTestId('results-table'))
    .getAllByRole('row')
    .map((row) =>
      [...row.querySelectorAll('th, td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
    );
}

describe('ResultsTable', () => {
  it('waits for a first result', () => {
    renderWithStore(ResultsTable);
    expect(screen.getByText(/No results yet/)).toBeTruthy();
  });

  it('shows a row per close order and a column per machine, and what each outcome means', async () => {
    const api = new FakeApi();
    const windowsRuns = [
      runResult('client', [errorRecord(331)], 16_331, windowsMachine()),
      runResult('graceful', [errorRecord(3, 'ECONNRESET')], 412_000, windowsMachine()),
    ];
    api.replies.importResults = { ok: true, value: [resultsDocument(windowsRuns, windowsMachine())] };
    const { store } = renderWithStore(ResultsTable, api);
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
        'DESKTOP-7Q2LM0 (Windows 11 Pro) ×',
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
    ]);
    await fireEvent.click(screen.getByRole('button', { name: /Remove the results of DESKTOP-7Q2LM0/ }));
    expect(cells()[0]).toHaveLength(3);
  });
});

describe('ResultsActions', () => {
  it('waits for results before offering to save them', () => {
    renderWithStore(ResultsActions);
    expect((screen.getByRole('button', { name: 'CSV' }) as HTMLButtonElement).disabled).toBe(true);
    expect(
      (screen.getByRole('button', { name: 'Add results from another machine' }) as HTMLButtonElement)
        .disabled,
    ).toBe(false);
  });

  it('saves, copies and bundles the newest session, and shows a refusal in words', async () => {
    const api = new FakeApi();
    const { store } = renderWithStore(ResultsActions, api);
    store.ended(runEnded('s1', [runResult('client')], 'h7'));
    await tick();
    await fireEvent.click(screen.getByRole('button', { name: 'Markdown' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Copy table' }));
    api.replies.saveBundle = {
      ok: false,
      error: 'The bundle could not be written: the folder is read-only.',
    };
    await fireEvent.click(screen.getByRole('button', { name: 'Diagnostics bundle' }));
    await tick();
    expect(
      api.calls.filter((c) => !['listHistory'].includes(c.method)).map((c) => [c.method, ...c.args]),
    ).toEqual([
      ['exportResults', 'markdown', 'h7'],
      ['copyTable', 'h7', []],
      ['saveBundle', 'h7'],
    ]);
    expect(store.requests.notice).toEqual({
      kind: 'error',
      text: 'The bundle could not be written: the folder is read-only.',
    });
  });
});

describe('HistoryList', () => {
  it('lists earlier sessions and shows one on demand', async () => {
    const api = new FakeApi();
    api.historyEntries = [
      {
        id: 'h2',
        createdAt: '2026-11-24T07:20:05.120+00:00',
        status: 'stopped',
        modes: ['graceful'],
        summary: 'graceful: ok',
      },
      {
        id: 'h1',
        createdAt: '2026-11-23T18:02:44.000+00:00',
        status: 'complete',
        modes: ['client'],
        summary: 'client: exhausted',
      },
    ];
    api.documents.set('h1', resultsDocument([runResult('client', [errorRecord(1)])], linuxMachine()));
    const { store } = renderWithStore(HistoryList, api);
    await store.requests.refreshHistory();
    await tick();
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '2026-11-24 07:20:05 stopped graceful: ok',
      '2026-11-23 18:02:44 complete client: exhausted',
    ]);
    await fireEvent.click(buttons[1]!);
    await tick();
    expect(store.results.viewed?.id).toBe('h1');
    expect(buttons[1]!.getAttribute('aria-pressed')).toBe('true');
  });
});

describe('MachineFacts', () => {
  it('shows the facts that decide the outcome, and why one is unknown', async () => {
    const { store } = renderWithStore(MachineFacts);
    expect(screen.getByText(/Reading the machine's settings/)).toBeTruthy();
    store.live.system = {
      ...windowsMachine(),
      timeWaitDelay: { value: null, source: 'registry', error: 'access denied' },
    };
    await tick();
    const text = screen.getByRole('region', { name: 'This machine' }).textContent?.replace(/\s+/g, ' ');
    expect(text).toContain('Windows 11 Pro');
    expect(text).toContain('49152-65535 (16,384 ports)');
    expect(text).toContain('2 blocks: 50000-50059, 61000-61000');
    expect(text).toContain('TIME_WAIT unknown: access denied');
    store.live.system = {
      ...windowsMachine(),
      excludedRanges: { value: [{ start: 50000, end: 50059, count: 60 }], source: 'netsh' },
    };
    await tick();
    expect(screen.getByRole('region', { name: 'This machine' }).textContent).toContain(
      '1 block: 50000-50059',
    );
  });
});
