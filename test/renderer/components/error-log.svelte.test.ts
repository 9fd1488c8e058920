import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ErrorLog from '@renderer/components/ErrorLog.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { errorRecord, snapshot, windowsMachine } from '../fixtures';
import { bound, renderLeaf } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As LivePanel hands them. */
const props = (store: WindowStore) => ({
  log: store.live.log,
  platform: store.live.platform,
  filter: bound(
    () => store.live.logFilter,
    (code) => (store.live.logFilter = code),
  ),
});

function rows(): string[][] {
  return within(screen.getByTestId('error-log'))
    .queryAllByRole('row')
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent ?? ''),
    );
}

describe('ErrorLog', () => {
  it('renders only the rows in view out of 100,000, newest first', async () => {
    const { store } = renderLeaf(ErrorLog, props);
    for (let batch = 0; batch < 100; batch++) {
      const errors = Array.from({ length: 1000 }, (_, i) =>
        errorRecord(batch * 1000 + i + 1, i % 10 === 0 ? 'ECONNRESET' : 'EADDRINUSE'),
      );
      store.live.apply(snapshot({ seq: batch + 2, state: 'running', mode: 'client', newErrors: errors }));
    }
    await tick();
    expect(screen.getByText('(100,000)')).toBeTruthy();
    const shown = rows();
    // 216 px of 24 px rows is 9 in view, plus the overscan below.
    expect(shown.length).toBeGreaterThanOrEqual(9);
    expect(shown.length).toBeLessThan(40);
    const newest = errorRecord(100_000);
    expect(shown[0]).toEqual([
      '07:19:40.000',
      'client',
      'client',
      'connect',
      'EADDRINUSE',
      '—',
      '40000',
      '116,000',
    ]);
    expect(shown[0]![0]).toBe(newest.time.slice(11, 23));
    expect(shown[1]![7]).toBe('115,999');
    expect(screen.getByTestId('error-log').getAttribute('aria-rowcount')).toBe('100000');
  });

  it('filters by code, counting what it shows', async () => {
    const { store } = renderLeaf(ErrorLog, props);
    store.live.system = windowsMachine();
    store.live.apply(
      snapshot({
        seq: 2,
        state: 'running',
        mode: 'graceful',
        newErrors: [errorRecord(1, 'ECONNRESET'), errorRecord(2, 'EADDRINUSE'), errorRecord(3, 'ECONNRESET')],
      }),
    );
    await tick();
    const select = screen.getByLabelText('Show errors with code') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'All codes',
      'WSAECONNRESET (10054) (2)',
      'WSAEADDRINUSE (10048) (1)',
    ]);
    select.value = select.options[1]!.value;
    await fireEvent.change(select);
    expect(store.live.logFilter).toBe('ECONNRESET');
    expect(screen.getByText('(2 shown)')).toBeTruthy();
    expect(rows().map((r) => [r[3], r[4], r[5]])).toEqual([
      ['read', 'WSAECONNRESET (10054)', '50003'],
      ['read', 'WSAECONNRESET (10054)', '50001'],
    ]);
  });

  it('says when there is nothing to show', () => {
    renderLeaf(ErrorLog, props);
    // In a row of its own: a table with no row at all is no table to a screen reader.
    expect(rows()).toEqual([['No errors so far.']]);
    expect(screen.getByTestId('error-log').hasAttribute('aria-rowcount')).toBe(false);
  });

  it('draws the rows in view once per snapshot, already at their new places', async () => {
    const { store } = renderLeaf(ErrorLog, props);
    const errors = (from: number, n: number) => Array.from({ length: n }, (_, i) => errorRecord(from + i));
    store.live.apply(snapshot({ seq: 2, state: 'running', mode: 'client', newErrors: errors(1, 100) }));
    await tick();
    const rowAt = vi.spyOn(store.live.log, 'rowAt');
    store.live.receive(snapshot({ seq: 3, state: 'running', mode: 'client', newErrors: errors(101, 25) }));
    expect(rows()[0]![7]).toBe('16,125');
    expect(rowAt).toHaveBeenCalledTimes(rows().length);
  });
});
