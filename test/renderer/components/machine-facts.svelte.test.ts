import '../dom-setup';
import '@testing-library/svelte/vitest';
import { screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import MachineFacts from '@renderer/components/MachineFacts.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { windowsMachine } from '../fixtures';
import { renderLeaf } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As ResultsPanel hands them. */
const props = (store: WindowStore) => ({ info: store.live.system });

describe('MachineFacts', () => {
  it('shows the facts that decide the outcome, and why one is unknown', async () => {
    const { store } = renderLeaf(MachineFacts, props);
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
