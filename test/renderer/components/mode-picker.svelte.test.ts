import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { MODE_INFO, MODES } from '@shared/modes';
import ModePicker from '@renderer/components/ModePicker.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { snapshot } from '../fixtures';
import { bound, renderLeaf } from '../render';

/** As RunPanel hands them. */
const props = (store: WindowStore) => ({
  mode: bound(
    () => store.requests.form.mode,
    (mode) => (store.requests.form.mode = mode),
  ),
  active: store.live.active,
  current: store.live.currentMode,
  sessionState: store.live.state,
});

/** A Run all on its third close order, server, which is not the one picked. */
const onServer = (seq: number, state: 'draining' | 'running') =>
  snapshot({ seq, state, mode: 'server', runAll: { modes: ['any', 'client', 'server'], index: 2 } });

describe('ModePicker', () => {
  it('offers every close order with its sentence and the outcomes first recorded', () => {
    renderLeaf(ModePicker, props);
    expect(screen.getAllByRole('radio')).toHaveLength(MODES.length);
    for (const mode of MODES) expect(screen.getByText(MODE_INFO[mode].does)).toBeTruthy();
    expect(screen.getAllByText('Windows 10: WSAEADDRINUSE (10048) from connect')).toHaveLength(3);
  });

  it('picks a close order with the keyboard or the mouse, and locks while a run goes', async () => {
    const { store } = renderLeaf(ModePicker, props);
    await fireEvent.click(screen.getByRole('radio', { name: /^graceful/ }));
    expect(store.requests.form.mode).toBe('graceful');
    store.live.apply(snapshot({ seq: 2, state: 'running', mode: 'graceful' }));
    await Promise.resolve();
    expect((screen.getByRole('group', { name: 'Close order' }) as HTMLFieldSetElement).disabled).toBe(true);
  });

  it('marks the close order a Run all is on, whichever one is picked', async () => {
    const { store } = renderLeaf(ModePicker, props);
    store.live.apply(onServer(2, 'draining'));
    await Promise.resolve();
    expect(screen.getByText('next').closest('label')?.textContent).toContain('The server closes first');
    store.live.apply(onServer(3, 'running'));
    await Promise.resolve();
    expect(screen.getByText('running now').closest('label')?.textContent).toContain(
      'The server closes first',
    );
    expect(store.requests.form.mode).toBe('client');
  });

  it('shows the close order running as the chosen one during a Run all, and the pick again after', async () => {
    const { store } = renderLeaf(ModePicker, props);
    const radio = (name: string) =>
      screen.getByRole('radio', { name: new RegExp(`^${name}`) }) as HTMLInputElement;
    store.live.apply(onServer(2, 'running'));
    await Promise.resolve();
    expect([radio('server').checked, radio('client').checked]).toEqual([true, false]);
    expect(radio('server').closest('label')?.classList.contains('picked')).toBe(true);
    expect(radio('client').closest('label')?.classList.contains('picked')).toBe(false);
    store.live.apply(snapshot({ seq: 3, state: 'done', mode: 'server' }));
    await Promise.resolve();
    expect([radio('server').checked, radio('client').checked]).toEqual([false, true]);
    expect(store.requests.form.mode).toBe('client');
  });
});
