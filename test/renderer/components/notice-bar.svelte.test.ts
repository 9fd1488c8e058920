import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import NoticeBar from '@renderer/components/NoticeBar.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from '../fake-api';
import { renderLeaf } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As App hands them. */
const props = (store: WindowStore) => ({
  notice: store.requests.notice,
  ondismiss: () => store.requests.dismissNotice(),
});

describe('NoticeBar', () => {
  it("shows a refused start in the reply's words, and can be dismissed", async () => {
    const api = new FakeApi();
    api.replies.start = {
      ok: false,
      error: 'Port 40000 is already in use by another program. Choose another port or close that program.',
    };
    const { store } = renderLeaf(NoticeBar, props, api);
    await store.requests.start();
    await tick();
    expect(screen.getByRole('alert').textContent).toContain(
      'Port 40000 is already in use by another program.',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss message' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows where a file went as a status, not an alert', async () => {
    const { store } = renderLeaf(NoticeBar, props);
    await store.requests.exportResults('csv');
    await tick();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('Saved to /home/user/results.csv');
  });
});
