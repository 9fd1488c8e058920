import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import MachineFacts from '@renderer/components/MachineFacts.svelte';
import { setLocale } from '@renderer/i18n/locale.svelte';
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

describe('MachineFacts in German', () => {
  afterEach(() => setLocale());

  it('names the facts in German, counts the German way, and explains the jargon', async () => {
    setLocale('de-DE');
    const { store } = renderLeaf(MachineFacts, props);
    store.live.system = windowsMachine();
    await tick();
    const region = screen.getByRole('region', { name: 'Dieser Computer' });
    const text = region.textContent?.replace(/\s+/g, ' ');
    expect(text).toContain('Dynamische Ports');
    expect(text).toContain('49152-65535 (16.384 Ports)');
    expect(text).toContain('2 Blöcke: 50000-50059, 61000-61000');
    const explain = screen.getByRole('button', { name: 'Was bedeutet „dynamische Ports“?' });
    await fireEvent.click(explain);
    const explanation = document.getElementById(explain.getAttribute('aria-controls')!);
    expect(explanation?.textContent).toMatch(/^Die lokalen Portnummern/);
  });
});
