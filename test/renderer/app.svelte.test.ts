import './dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '@renderer/App.svelte';
import { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from './fake-api';
import { errorRecord, netstat, runResult, sample, snapshot } from './fixtures';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('App', () => {
  it('follows a session from ready to running to done through the Api alone', async () => {
    const api = new FakeApi();
    const store = new WindowStore(api);
    const { unmount } = render(App, { props: { store } });
    await tick();
    expect(screen.getByRole('heading', { name: 'SocketCloseTest' })).toBeTruthy();
    expect(screen.getByTestId('state').textContent).toBe('Ready');
    const machine = screen.getByTitle('More about this machine at the bottom of the window');
    expect(machine.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Debian GNU/Linux 12 (bookworm) · ports 32768-60999 · TIME_WAIT 60 s (fixed)',
    );

    await fireEvent.click(screen.getByRole('radio', { name: /^client/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Run only client' }));
    expect(api.calls.find((c) => c.method === 'start')?.args[0]).toMatchObject({
      mode: 'client',
      port: 40000,
    });

    api.push(
      snapshot({
        seq: 2,
        state: 'running',
        mode: 'client',
        connections: 2000,
        connectsPerSec: 1000,
        errorTotal: 1,
        errorCounts: { EADDRNOTAVAIL: 1 },
        newErrors: [errorRecord(1, 'EADDRNOTAVAIL')],
        samples: [sample(1, 1000), sample(2, 1000)],
        netstat: netstat(0, 2000),
        elapsedMs: 2000,
        durationMs: 10_000,
      }),
    );
    await tick();
    expect(screen.getByTestId('connections').textContent).toBe('2,000');
    expect(screen.getAllByText('EADDRNOTAVAIL').length).toBeGreaterThan(0);
    expect(
      screen.getByText('This display cannot draw the chart; the counters above show the same figures.'),
    ).toBeTruthy();

    api.push(
      snapshot({
        seq: 3,
        state: 'done',
        mode: 'client',
        finished: [runResult('client', [errorRecord(1, 'EADDRNOTAVAIL')])],
      }),
    );
    await tick();
    expect(screen.getByTestId('state').textContent).toBe('Done');
    expect(screen.getByTestId('results-table').textContent).toContain(
      'EADDRNOTAVAIL after 16,000 connections',
    );

    unmount();
    expect(api.listenerCount).toBe(0);
  });
});
