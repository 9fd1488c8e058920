import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Reply } from '@shared/contract';
import { longestWaitSeconds, runAllSecondsLeft, timeWaitSeconds } from '@shared/run-all-time';
import RunControls from '@renderer/components/RunControls.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from '../fake-api';
import { runningSnapshot, snapshot, windowsMachine } from '../fixtures';
import { bound, renderLeaf } from '../render';

/** As RunPanel hands them. */
const props = (store: WindowStore) => {
  const waitSec = store.live.system ? longestWaitSeconds(timeWaitSeconds(store.live.system)) : null;
  return {
    form: bound(
      () => store.requests.form,
      (form) => (store.requests.form = form),
    ),
    formError: store.requests.formError,
    formField: store.requests.formField,
    active: store.live.active,
    sessionState: store.live.state,
    pending: store.requests.pending,
    waitSec,
    runAllLeftSec: waitSec === null ? null : runAllSecondsLeft(store.live.snapshot, waitSec),
    onstart: () => void store.requests.start(),
    onstop: () => void store.requests.stop(),
    onrunall: () => void store.requests.runAll(),
  };
};

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('RunControls', () => {
  it('makes Run all the big button, and Enter in a field starts it with the typed settings', async () => {
    const { api } = renderLeaf(RunControls, props);
    const runAll = screen.getByRole('button', { name: 'Run all' });
    expect(runAll.classList.contains('primary')).toBe(true);
    const port = screen.getByLabelText('Port');
    await fireEvent.input(port, { target: { value: '61010' } });
    await fireEvent.input(screen.getByLabelText('Seconds per run'), { target: { value: '5' } });
    // Enter in a field submits the form, whose one submit button is Run all.
    expect((runAll as HTMLButtonElement).type).toBe('submit');
    await fireEvent.submit(runAll.closest('form')!);
    expect(api.calls.find((c) => c.method === 'runAll')?.args[0]).toMatchObject({
      port: 61010,
      durationSec: 5,
    });
    expect(api.calls.some((c) => c.method === 'start')).toBe(false);
  });

  it('runs only the picked close order from the second button', async () => {
    const { store, api } = renderLeaf(RunControls, props);
    store.requests.pickMode('server');
    await tick();
    await fireEvent.click(screen.getByRole('button', { name: 'Run only server' }));
    expect(api.calls.find((c) => c.method === 'start')?.args[0]).toMatchObject({
      mode: 'server',
      port: 40000,
    });
  });

  it('marks the wrong field, ties the sentence to it, and sends nothing', async () => {
    const { api } = renderLeaf(RunControls, props);
    const duration = screen.getByLabelText('Seconds per run');
    await fireEvent.input(duration, { target: { value: 'ten' } });
    const message =
      'Seconds per run must be a whole number from 1 to 86400 (one day), typed in digits. "ten" is not.';
    expect(screen.getByText(message).id).toBe('form-error');
    expect(duration.getAttribute('aria-invalid')).toBe('true');
    expect(duration.getAttribute('aria-describedby')).toBe('form-error');
    const port = screen.getByLabelText('Port');
    expect(port.getAttribute('aria-invalid')).toBe('false');
    expect(port.hasAttribute('aria-describedby')).toBe(false);
    const runAll = screen.getByRole('button', { name: 'Run all' }) as HTMLButtonElement;
    expect(runAll.disabled).toBe(true);
    await fireEvent.submit(runAll.form!);
    expect(api.calls.some((c) => c.method === 'runAll' || c.method === 'start')).toBe(false);

    await fireEvent.input(screen.getByLabelText('Port'), { target: { value: '4e4' } });
    await fireEvent.input(duration, { target: { value: '60' } });
    expect(
      screen.getByText('Port must be a whole number from 1 to 65535, typed in digits. "4e4" is not.'),
    ).toBeTruthy();
    expect(port.getAttribute('aria-invalid')).toBe('true');
    expect(duration.getAttribute('aria-invalid')).toBe('false');
  });

  it("says how long Run all can take, from the typed duration and this machine's TIME_WAIT", async () => {
    const { store } = renderLeaf(RunControls, props);
    store.live.system = windowsMachine();
    await tick();
    // Five 60 s runs and four waits of at most 240 + 5 s.
    expect(screen.getByTestId('run-all-total').textContent).toContain('21 min 20 s at most');
    await fireEvent.input(screen.getByLabelText('Seconds per run'), { target: { value: '3' } });
    expect(screen.getByTestId('run-all-total').textContent).toMatch(/3 s each.*16 min 35 s at most/s);
  });

  it('shows the time left for the whole Run all while it runs, and offers Stop', async () => {
    const { store, api } = renderLeaf(RunControls, props);
    store.live.system = windowsMachine();
    // Order 2 of 3 (10 s each), 3 s gone: 7 s, one wait of 245 s, 10 s.
    store.live.apply(runningSnapshot());
    await tick();
    expect(screen.getByTestId('run-all-left').textContent).toMatch(
      /4 min 22 s\s+left at most for the whole Run all/,
    );
    expect(screen.queryByTestId('run-all-total')).toBeNull();
    const stop = screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement;
    expect(stop.disabled).toBe(false);
    expect((screen.getByRole('button', { name: 'Run all' }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(stop);
    expect(api.calls.some((c) => c.method === 'stop')).toBe(true);
  });

  it('offers Stop only while a session runs', async () => {
    const { store } = renderLeaf(RunControls, props);
    const stop = screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement;
    expect(stop.disabled).toBe(true);
    store.live.apply(snapshot({ seq: 2, state: 'running', mode: 'client' }));
    await tick();
    expect(stop.disabled).toBe(false);
    expect(screen.queryByTestId('run-all-left')).toBeNull();
  });

  it('says Starting... on the button whose request is out, and holds both until it is answered', async () => {
    const api = new FakeApi();
    let answer!: (reply: Reply<null>) => void;
    api.runAll = () => new Promise((resolve) => (answer = resolve));
    renderLeaf(RunControls, props, api);
    await fireEvent.click(screen.getByRole('button', { name: 'Run all' }));
    const runAll = screen.getByRole('button', { name: 'Starting...' }) as HTMLButtonElement;
    const single = screen.getByRole('button', { name: 'Run only client' }) as HTMLButtonElement;
    expect([runAll.disabled, single.disabled]).toEqual([true, true]);
    answer({ ok: true, value: null });
    await tick();
    expect(runAll.textContent?.trim()).toBe('Run all');
    expect([runAll.disabled, single.disabled]).toEqual([false, false]);
  });
});
