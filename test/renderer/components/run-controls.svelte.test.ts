import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Reply } from '@shared/contract';
import RunControls from '@renderer/components/RunControls.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from '../fake-api';
import { snapshot } from '../fixtures';
import { bound, renderLeaf } from '../render';

/** As RunPanel hands them. */
const props = (store: WindowStore) => ({
  form: bound(
    () => store.requests.form,
    (form) => (store.requests.form = form),
  ),
  formError: store.requests.formError,
  active: store.live.active,
  sessionState: store.live.state,
  pending: store.requests.pending,
  onstart: () => void store.requests.start(),
  onstop: () => void store.requests.stop(),
  onrunall: () => void store.requests.runAll(),
});

describe('RunControls', () => {
  it('starts the picked close order with the typed settings', async () => {
    const { store, api } = renderLeaf(RunControls, props);
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
    const { api } = renderLeaf(RunControls, props);
    await fireEvent.input(screen.getByLabelText('Port'), { target: { value: '70000' } });
    expect(screen.getByText('Port must be a whole number from 1 to 65535 (got 70000).')).toBeTruthy();
    const start = screen.getByRole('button', { name: /^Start/ }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    await fireEvent.submit(start.form!);
    expect(api.calls.some((c) => c.method === 'start')).toBe(false);
  });

  it('offers Stop only while a session runs, and Run all only when none does', async () => {
    const { store, api } = renderLeaf(RunControls, props);
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
    renderLeaf(RunControls, props);
    await fireEvent.input(screen.getByLabelText('Seconds per run'), { target: { value: '3' } });
    expect(screen.getByText(/the five original close orders in turn, 3 s each/)).toBeTruthy();
  });

  it('says Starting... on the button whose request is out, and holds both until it is answered', async () => {
    const api = new FakeApi();
    let answer!: (reply: Reply<null>) => void;
    api.runAll = () => new Promise((resolve) => (answer = resolve));
    renderLeaf(RunControls, props, api);
    await fireEvent.click(screen.getByRole('button', { name: 'Run all' }));
    const runAll = screen.getByRole('button', { name: 'Starting...' }) as HTMLButtonElement;
    const start = screen.getByRole('button', { name: 'Start client' }) as HTMLButtonElement;
    expect([runAll.disabled, start.disabled]).toEqual([true, true]);
    answer({ ok: true, value: null });
    await new Promise((r) => setTimeout(r, 0));
    expect(runAll.textContent?.trim()).toBe('Run all');
    expect([runAll.disabled, start.disabled]).toEqual([false, false]);
  });
});
