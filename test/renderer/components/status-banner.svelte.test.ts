import '../dom-setup';
import '@testing-library/svelte/vitest';
import { screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import StatusBanner from '@renderer/components/StatusBanner.svelte';
import type { WindowStore } from '@renderer/store/window-store.svelte';
import { errorRecord, runResult, snapshot } from '../fixtures';
import { renderLeaf } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** As LivePanel hands them. */
const props = (store: WindowStore) => ({
  snapshot: store.live.snapshot,
  sessionState: store.live.state,
  skipped: store.live.log.skipped,
  noticeText: store.requests.notice?.text ?? null,
});

describe('StatusBanner', () => {
  it('says what each state means, in words', async () => {
    const { store } = renderLeaf(StatusBanner, props);
    expect(screen.getByTestId('state').textContent).toBe('Ready');

    store.live.apply(
      snapshot({
        seq: 2,
        state: 'running',
        mode: 'client',
        runAll: { modes: ['any', 'client'], index: 1 },
        elapsedMs: 12_000,
        durationMs: 60_000,
      }),
    );
    await tick();
    expect(screen.getByTestId('state').textContent).toBe('Running');
    expect(screen.getByText(/Running "client" \(2 of 2\)/)).toBeTruthy();
    expect(screen.getByText(/12 s of 1 min 00 s/)).toBeTruthy();

    store.live.apply(snapshot({ seq: 3, state: 'failed', message: 'The engine stopped answering.' }));
    await tick();
    expect(screen.getByText('The engine stopped answering.')).toBeTruthy();
    expect(screen.getByTestId('state').textContent).toBe('Failed');

    store.live.apply(snapshot({ seq: 4, state: 'done', finished: [runResult('client', [errorRecord(1)])] }));
    await tick();
    expect(
      screen.getByText(
        'Done. client — connect failed with WSAEADDRINUSE after 16,000 connections (16,383 connections in 1.4 s).',
      ),
    ).toBeTruthy();
  });

  it('counts down while half-connections drain', async () => {
    const { store } = renderLeaf(StatusBanner, props);
    store.live.apply(
      snapshot({
        seq: 2,
        state: 'draining',
        countdown: { reason: 'drain', remainingSec: 75, halfConnections: 16_001 },
      }),
    );
    await tick();
    expect(screen.getByTestId('state').textContent).toBe('Draining');
    expect(screen.getByTestId('countdown').textContent).toBe('1 min 15 s');
    expect(
      screen.getByText(
        /16,001 half-connections from the last run are still listed. The next close order starts/,
      ),
    ).toBeTruthy();
  });

  it('leaves out a message the notice already shows, and counts the errors too fast to show', async () => {
    const { store } = renderLeaf(StatusBanner, props);
    const message = 'Connections of an earlier run are still listed.';
    store.live.apply(snapshot({ seq: 2, message, newErrors: [errorRecord(1)], newErrorsSkipped: 1200 }));
    await tick();
    expect(screen.getByText(message)).toBeTruthy();
    expect(screen.getByText(/1,200 errors came too fast to show here/)).toBeTruthy();
    store.requests.say('error', message);
    await tick();
    expect(screen.queryByText(message)).toBeNull();
  });
});
