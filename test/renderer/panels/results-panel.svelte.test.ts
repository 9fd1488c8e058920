import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ResultsPanel from '@renderer/panels/ResultsPanel.svelte';
import { FakeApi } from '../fake-api';
import { historyEntry, linuxMachine, resultsDocument, runEnded, runResult } from '../fixtures';
import { renderWithStore } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ResultsPanel', () => {
  it('shows an earlier session picked from the list in the table, and saves that one', async () => {
    const api = new FakeApi();
    api.historyEntries = [historyEntry('h-old', { summary: 'graceful: ok' })];
    api.documents.set('h-old', resultsDocument([runResult('graceful')], linuxMachine()));
    const { store } = renderWithStore(ResultsPanel, api);
    store.ended(runEnded('s1', [runResult('client')], 'h-new'));
    await tick();
    const table = () => within(screen.getByTestId('results-table'));
    expect(
      table()
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['client']);

    await fireEvent.click(screen.getByRole('button', { name: /graceful: ok/ }));
    await tick();
    expect(
      table()
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['graceful']);
    await fireEvent.click(screen.getByRole('button', { name: 'JSON' }));
    expect(api.calls.find((c) => c.method === 'exportResults')?.args).toEqual(['json', 'h-old', []]);

    await fireEvent.click(screen.getByRole('button', { name: 'Back to the current results' }));
    expect(
      table()
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['client']);
  });

  it("shows this machine's facts beside the list", async () => {
    const { store } = renderWithStore(ResultsPanel);
    store.live.system = linuxMachine();
    await tick();
    expect(screen.getByRole('region', { name: 'This machine' }).textContent).toContain('Debian GNU/Linux 12');
  });
});
