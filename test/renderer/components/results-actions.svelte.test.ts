import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Reply } from '@shared/contract';
import ResultsActions from '@renderer/components/ResultsActions.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from '../fake-api';
import { runEnded, runResult } from '../fixtures';
import { renderLeaf } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As ResultsPanel hands them. */
const props = (store: WindowStore) => ({
  hasResults: store.results.hasResults,
  pending: store.requests.pending,
  onexport: (format: 'json' | 'markdown' | 'csv') => void store.requests.exportResults(format),
  oncopy: () => void store.requests.copyTable(),
  onbundle: () => void store.requests.saveBundle(),
  onimport: () => void store.requests.importResults(),
  onopenlogs: () => void store.requests.openLogFolder(),
});

describe('ResultsActions', () => {
  it('waits for results before offering to save them', () => {
    renderLeaf(ResultsActions, props);
    expect((screen.getByRole('button', { name: 'CSV' }) as HTMLButtonElement).disabled).toBe(true);
    expect(
      (screen.getByRole('button', { name: 'Add results from another machine' }) as HTMLButtonElement)
        .disabled,
    ).toBe(false);
  });

  it('saves, copies and bundles the newest session, and shows a refusal in words', async () => {
    const api = new FakeApi();
    const { store } = renderLeaf(ResultsActions, props, api);
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
      api.calls
        .filter((c) => !['listHistory', 'currentResults'].includes(c.method))
        .map((c) => [c.method, ...c.args]),
    ).toEqual([
      // No earlier session picked: the current results (null), which hold h7's run.
      ['exportResults', 'markdown', null, []],
      ['copyTable', null, []],
      ['saveBundle', null],
    ]);
    expect(store.requests.notice).toEqual({
      kind: 'error',
      text: 'The bundle could not be written: the folder is read-only.',
    });
  });

  it('says Saving... on the export that is out, and holds every action until it is answered', async () => {
    const api = new FakeApi();
    let answer!: (reply: Reply<string | null>) => void;
    api.exportResults = () => new Promise((resolve) => (answer = resolve));
    const { store } = renderLeaf(ResultsActions, props, api);
    store.ended(runEnded('s1', [runResult('client')], 'h7'));
    await tick();
    await fireEvent.click(screen.getByRole('button', { name: 'CSV' }));
    const buttons = screen.getAllByRole('button') as HTMLButtonElement[];
    expect(buttons.map((b) => b.textContent?.trim())).toContain('Saving...');
    expect(buttons.every((b) => b.disabled)).toBe(true);
    answer({ ok: true, value: null });
    await tick();
    expect(screen.getByRole('button', { name: 'CSV' })).toBeTruthy();
    expect(buttons.some((b) => b.disabled)).toBe(false);
  });
});
