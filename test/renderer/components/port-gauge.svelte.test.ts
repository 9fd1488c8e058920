import '../dom-setup';
import '@testing-library/svelte/vitest';
import { screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import PortGauge from '@renderer/components/PortGauge.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { netstat, snapshot } from '../fixtures';
import { renderLeaf } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As LivePanel hands them. */
const props = (store: WindowStore) => ({ ports: store.live.ports, sessionState: store.live.state });

describe('PortGauge', () => {
  it('fills as the client holds ports, and warns near the end', async () => {
    const { store } = renderLeaf(PortGauge, props);
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
