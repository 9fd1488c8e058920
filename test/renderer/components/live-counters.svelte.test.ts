import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LiveCounters from '@renderer/components/LiveCounters.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from '../fake-api';
import { netstat, snapshot, windowsMachine } from '../fixtures';
import { bound, renderLeaf } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As LivePanel hands them. */
const props = (store: WindowStore) => ({
  snapshot: store.live.snapshot,
  platform: store.live.platform,
  filter: bound(
    () => store.live.logFilter,
    (code) => (store.live.logFilter = code),
  ),
});

describe('LiveCounters', () => {
  it('shows the figures and errors by code with Winsock names on Windows', async () => {
    const api = new FakeApi();
    api.system = windowsMachine();
    const { store } = renderLeaf(LiveCounters, props, api);
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
    await fireEvent.click(codes.getAllByRole('button')[1]!);
    expect(store.live.logFilter).toBeNull();
  });

  it('says when half-connections cannot be counted', () => {
    renderLeaf(LiveCounters, props);
    expect(screen.getByTestId('server-halves').textContent).toBe('—');
    expect(screen.getAllByText('not counted')).toHaveLength(2);
  });
});
