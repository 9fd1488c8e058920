import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ModePicker from '@renderer/components/ModePicker.svelte';
import RunControls from '@renderer/components/RunControls.svelte';
import { MODE_INFO, MODES } from '@shared/modes';
import { snapshot } from '../fixtures';
import { renderWithStore } from '../render';

describe('ModePicker', () => {
  it('offers every close order with its sentence and the outcomes first recorded', () => {
    renderWithStore(ModePicker);
    expect(screen.getAllByRole('radio')).toHaveLength(MODES.length);
    for (const mode of MODES) expect(screen.getByText(MODE_INFO[mode].does)).toBeTruthy();
    expect(screen.getAllByText('Windows 10: WSAEADDRINUSE (10048) from connect')).toHaveLength(3);
  });

  it('picks a close order with the keyboard or the mouse, and locks while a run goes', async () => {
    const { store } = renderWithStore(ModePicker);
    await fireEvent.click(screen.getByRole('radio', { name: /^graceful/ }));
    expect(store.requests.form.mode).toBe('graceful');
    store.live.apply(snapshot({ seq: 2, state: 'running', mode: 'graceful' }));
    await Promise.resolve();
    expect((screen.getByRole('group', { name: 'Close order' }) as HTMLFieldSetElement).disabled).toBe(true);
  });
});

it('marks the close order a Run all is on, whichever one is picked', async () => {
  const { store } = renderWithStore(ModePicker);
  store.live.apply(
    snapshot({
      seq: 2,
      state: 'draining',
      mode: 'server',
      runAll: { modes: ['any', 'client', 'server'], index: 2 },
    }),
  );
  await Promise.resolve();
  expect(screen.getByText('next').closest('label')?.textContent).toContain('The server closes first');
  store.live.apply(
    snapshot({
      seq: 3,
      state: 'running',
      mode: 'server',
      runAll: { modes: ['any', 'client', 'server'], index: 2 },
    }),
  );
  await Promise.resolve();
  expect(screen.getByText('running now').closest('label')?.textContent).toContain('The server closes first');
  expect(store.requests.form.mode).toBe('client');
});

describe('RunControls', () => {
  it('starts the picked close order with the typed settings', async () => {
    const { store, api } = renderWithStore(RunControls);
    store.requests.pickMode('server');
    await fireEvent.input(screen.getByLabelText('Port'), { target: { value: '61010' } });
    await fireEvent.input(screen.getByLabelText('Seconds per run'), { target: { value: '5' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start server' }));
    expect(api.calls.find((c) => c.method === 'start')?.args[0]).toMatchObject({
      mode: 'server',
      port: 61010,
      durationSec: 5,
    });
  });

  it('explains a wrong port next to the field and keeps Start from sending it', async () => {
    const { api } = renderWithStore(RunControls);
    await fireEvent.input(screen.getByLabelText('Port'), { target: { value: '70000' } });
    expect(screen.getByText('Port must be a whole number from 1 to 65535 (got 70000).')).toBeTruthy();
    const start = screen.getByRole('button', { name: /^Start/ }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    await fireEvent.submit(start.form!);
    expect(api.calls.some((c) => c.method === 'start')).toBe(false);
  });

  it('offers Stop only while a session runs, and Run all only when none does', async () => {
    const { store, api } = renderWithStore(RunControls);
    const stop = screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement;
    const runAll = screen.getByRole('button', { name: 'Run all' }) as HTMLButtonElement;
    expect(stop.disabled).toBe(true);
    expect(runAll.disabled).toBe(false);

    store.live.apply(snapshot({ seq: 2, state: 'running', mode: 'client' }));
    await Promise.resolve();
    expect(stop.disabled).toBe(false);
    expect(runAll.disabled).toBe(true);
    await fireEvent.click(stop);
    expect(api.calls.some((c) => c.method === 'stop')).toBe(true);
  });

  it('says what Run all will do with the typed duration', async () => {
    renderWithStore(RunControls);
    await fireEvent.input(screen.getByLabelText('Seconds per run'), { target: { value: '3' } });
    expect(screen.getByText(/the five original close orders in turn, 3 s each/)).toBeTruthy();
  });
});
