import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import HistoryList from '@renderer/components/HistoryList.svelte';
import { setLocale } from '@renderer/i18n/locale.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from '../fake-api';
import { errorRecord, historyEntry, linuxMachine, resultsDocument, runResult } from '../fixtures';
import { renderLeaf } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As ResultsPanel hands them. */
const props = (store: WindowStore) => ({
  history: store.results.history,
  viewedId: store.results.viewed?.id ?? null,
  onopen: (id: string) => void store.requests.openHistory(id),
});

afterEach(() => setLocale());

describe('HistoryList', () => {
  it('lists earlier sessions and shows one on demand', async () => {
    const api = new FakeApi();
    api.historyEntries = [
      historyEntry('h2', {
        createdAt: '2026-11-24T07:20:05.120+00:00',
        status: 'stopped',
        modes: ['graceful'],
        summary: 'graceful: ok',
      }),
      historyEntry('h1', { createdAt: '2026-11-23T18:02:44.000+00:00', summary: 'client: exhausted' }),
    ];
    api.documents.set('h1', resultsDocument([runResult('client', [errorRecord(1)])], linuxMachine()));
    const { store } = renderLeaf(HistoryList, props, api);
    await store.requests.refreshHistory();
    await tick();
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Nov 24, 2026, 7:20:05 AM stopped graceful: ok',
      'Nov 23, 2026, 6:02:44 PM complete client: exhausted',
    ]);
    await fireEvent.click(buttons[1]!);
    await tick();
    expect(store.results.viewed?.id).toBe('h1');
    expect(buttons[1]!.getAttribute('aria-pressed')).toBe('true');
  });

  it('says where finished sessions will go before there are any', () => {
    renderLeaf(HistoryList, props);
    expect(screen.getByText('Finished sessions are saved here.')).toBeTruthy();
  });
});

it('speaks German: dates the German way, the status in German', async () => {
  setLocale('de-DE');
  const api = new FakeApi();
  api.historyEntries = [
    historyEntry('h1', {
      createdAt: '2026-11-23T18:02:44.000+01:00',
      status: 'stopped',
      summary: 'client: exhausted',
    }),
  ];
  const { store } = renderLeaf(HistoryList, props, api);
  expect(screen.getByText('Abgeschlossene Sitzungen werden hier gespeichert.')).toBeTruthy();
  await store.requests.refreshHistory();
  await tick();
  expect(screen.getByRole('region', { name: 'Frühere Sitzungen' })).toBeTruthy();
  expect(screen.getByRole('button').textContent?.replace(/\s+/g, ' ').trim()).toBe(
    '23.11.2026, 18:02:44 angehalten client: exhausted',
  );
});
