import './dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '@renderer/App.svelte';
import { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from './fake-api';
import { runEnded, runResult, snapshot } from './fixtures';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** The App with one session saved, so the results buttons are live. */
async function appWithResults(api = new FakeApi()) {
  const store = new WindowStore(api);
  render(App, { props: { store } });
  await tick();
  store.ended(runEnded('s1', [runResult('client')], 'h1'));
  await tick();
  return { store, api };
}

/** The smallest box holding both elements. */
function commonBox(a: Element, b: Element): Element {
  let box: Element | null = a;
  while (box && !box.contains(b)) box = box.parentElement;
  return box!;
}

describe('where answers show', () => {
  it("shows what saving, copying and importing answered under their buttons, not at the page's top", async () => {
    const api = new FakeApi();
    api.replies.exportResults = { ok: false, error: 'The file could not be written: the disk is full.' };
    await appWithResults(api);
    await fireEvent.click(screen.getByRole('button', { name: 'CSV' }));
    await tick();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The file could not be written: the disk is full.');
    // Beside the buttons: in the same panel as the row that asked, and nowhere else.
    const actions = screen.getByRole('group', { name: 'Share results' });
    expect(commonBox(alert, actions).classList.contains('panel')).toBe(true);
    expect(screen.getAllByRole('alert')).toHaveLength(1);

    await fireEvent.click(screen.getByRole('button', { name: 'Copy table' }));
    await tick();
    const status = screen.getByText('The results table is on the clipboard, ready to paste.');
    expect(commonBox(status, actions).classList.contains('panel')).toBe(true);
  });

  it('shows why Run all was refused under the Run all button', async () => {
    const api = new FakeApi();
    api.replies.runAll = { ok: false, error: 'Port 40000 is already in use by another program.' };
    await appWithResults(api);
    const runAll = screen.getByRole('button', { name: 'Run all' });
    await fireEvent.click(runAll);
    await tick();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Port 40000 is already in use by another program.');
    expect(runAll.closest('.side')?.contains(alert)).toBe(true);
  });
});

describe('after a Run all', () => {
  it('says what to send back, with the button that saves it and its answer beside it', async () => {
    const api = new FakeApi();
    const { store } = await appWithResults(api);
    expect(screen.queryByText(/send it to the person who asked you/)).toBeNull();
    const modes = ['any', 'client', 'server', 'simultaneous', 'graceful'] as const;
    store.live.apply(
      snapshot({ seq: 5, state: 'done', mode: 'graceful', runAll: { modes: [...modes], index: 4 } }),
    );
    await tick();
    const step = screen.getByRole('region', { name: 'Next step' });
    expect(step.textContent).toContain('Save the diagnostics file and send it to the person who asked you.');
    await fireEvent.click(within(step).getByRole('button', { name: 'Save diagnostics file' }));
    await tick();
    // No earlier session picked: the current results (null), which hold the Run all's.
    expect(api.calls.find((c) => c.method === 'saveBundle')?.args).toEqual([null]);
    expect(within(step).getByRole('status').textContent).toContain(
      'Diagnostics saved to /home/user/diagnostics.zip',
    );
    // Said once, beside the button that asked.
    expect(screen.getAllByText(/Diagnostics saved to/)).toHaveLength(1);
    // The same file from the results' own button: the answer shows beside that one.
    await fireEvent.click(screen.getByRole('button', { name: 'Diagnostics bundle' }));
    await tick();
    const saved = screen.getByText(/Diagnostics saved to/);
    expect(step.contains(saved)).toBe(false);
    expect(
      commonBox(saved, screen.getByRole('group', { name: 'Share results' })).classList.contains('panel'),
    ).toBe(true);

    store.live.apply(snapshot({ seq: 6, state: 'running', mode: 'client', runAll: null }));
    await tick();
    expect(screen.queryByRole('region', { name: 'Next step' })).toBeNull();
  });
});
