/**
 * Where the keyboard focus goes when the button that has it is disabled: to the button that takes
 * its place, and back to the one the person pressed once that is enabled again; never to the page.
 */
import '../dom-setup';
import '@testing-library/svelte/vitest';
import { screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import RunControls from '@renderer/components/RunControls.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { runningSnapshot, snapshot } from '../fixtures';
import { bound, renderLeaf } from '../render';

const props = (store: WindowStore) => ({
  form: bound(
    () => store.requests.form,
    (form) => (store.requests.form = form),
  ),
  formError: store.requests.formError,
  formField: store.requests.formField,
  active: store.live.active,
  sessionState: store.live.state,
  pending: store.requests.pending,
  waitSec: null,
  runAllLeftSec: null,
  onstart: () => undefined,
  onstop: () => undefined,
  onrunall: () => undefined,
});

const tick = () => new Promise((r) => setTimeout(r, 0));
const button = (name: RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('RunControls and the keyboard focus', () => {
  it('moves the focus to Stop when a run starts, and back when it ends', async () => {
    const { store } = renderLeaf(RunControls, props);
    button(/^Run all/).focus();
    expect(document.activeElement).toBe(button(/^Run all/));

    store.live.apply(runningSnapshot());
    await tick();
    expect(button(/^Run all/).disabled).toBe(true);
    expect(document.activeElement).toBe(button(/^Stop/));

    store.live.apply(snapshot({ seq: 40, sessionId: 's2', state: 'done' }));
    await tick();
    expect(button(/^Stop/).disabled).toBe(true);
    // Back where the person was: Run all.
    expect(document.activeElement).toBe(button(/^Run all/));
  });

  it('leaves the focus alone after a click elsewhere', async () => {
    const { store } = renderLeaf(RunControls, props);
    button(/^Run only/).focus();
    document.body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    (document.activeElement as HTMLElement).blur();
    store.live.apply(runningSnapshot());
    await tick();
    expect(document.activeElement).toBe(document.body);
  });
});
