import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LivePanel from '@renderer/panels/LivePanel.svelte';
import { linuxMachine, runningSnapshot, snapshot } from '../fixtures';
import { renderWithStore } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LivePanel', () => {
  it('shows one running snapshot in every figure', async () => {
    const { store } = renderWithStore(LivePanel);
    store.live.system = linuxMachine();
    store.live.apply(runningSnapshot());
    await tick();
    expect(screen.getByTestId('state').textContent).toBe('Running');
    expect(screen.getByTestId('connections').textContent).toBe('16,383');
    expect(screen.getByTestId('ports-held').textContent?.trim()).toBe('16,300 of 16,384 (99%)');
    expect(screen.getByText('Error log', { exact: false }).textContent).toContain('(3)');
  });

  it('filters the error log on the code picked in the counters, and the log can let it go', async () => {
    const { store } = renderWithStore(LivePanel);
    store.live.apply(runningSnapshot());
    await tick();
    const codes = within(screen.getByRole('list', { name: 'Errors by code' }));
    await fireEvent.click(codes.getByRole('button', { name: /ECONNRESET/ }));
    const select = screen.getByLabelText('Show errors with code') as HTMLSelectElement;
    expect(select.value).toBe('ECONNRESET');
    expect(screen.getByText('(1 shown)')).toBeTruthy();

    select.value = select.options[0]!.value;
    await fireEvent.change(select);
    expect(store.live.logFilter).toBeNull();
    expect(codes.getByRole('button', { name: /ECONNRESET/ }).classList.contains('picked')).toBe(false);
  });

  it('says the ports are being counted while a wait has just begun, not that they cannot be', async () => {
    const { store } = renderWithStore(LivePanel);
    store.live.system = linuxMachine();
    store.live.apply(snapshot({ seq: 2, state: 'waiting', netstat: null, countdown: null }));
    await tick();
    expect(screen.getByText(/^Counting…/)).toBeTruthy();
    expect(screen.queryByText(/could not be read/)).toBeNull();

    // A wait that has counted and still has no figures: the table could not be read.
    store.live.apply(
      snapshot({
        seq: 3,
        state: 'waiting',
        netstat: null,
        countdown: { reason: 'before-start', remainingSec: 50, halfConnections: 0 },
      }),
    );
    await tick();
    expect(screen.getByText(/the connection table could not be read/)).toBeTruthy();
  });
});
