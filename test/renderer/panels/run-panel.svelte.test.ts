import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import RunPanel from '@renderer/panels/RunPanel.svelte';
import { runningSnapshot } from '../fixtures';
import { renderWithStore } from '../render';

describe('RunPanel', () => {
  it('starts the close order picked in the list with the settings typed below it', async () => {
    const { api } = renderWithStore(RunPanel);
    await fireEvent.click(screen.getByRole('radio', { name: /^simultaneous/ }));
    await fireEvent.input(screen.getByLabelText('Stop after errors'), { target: { value: '25' } });
    await fireEvent.click(screen.getByLabelText(/Start even if connections/));
    await fireEvent.click(screen.getByRole('button', { name: 'Run only simultaneous' }));
    expect(api.calls.find((c) => c.method === 'start')?.args[0]).toMatchObject({
      mode: 'simultaneous',
      maxErrors: 25,
      force: true,
    });
  });

  it('shows the close order under way and offers only Stop while a session runs', async () => {
    const { store, api } = renderWithStore(RunPanel);
    store.live.apply(runningSnapshot());
    await Promise.resolve();
    expect(screen.getByText('running now').closest('label')?.textContent).toContain('client');
    expect((screen.getByRole('button', { name: 'Run all' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByLabelText('Port') as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(api.calls.some((c) => c.method === 'stop')).toBe(true);
  });
});
