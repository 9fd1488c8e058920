import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '@renderer/App.svelte';
import { setLocale } from '@renderer/i18n/locale.svelte';
import { sortDestinations } from '@renderer/store/watch.svelte';
import { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from '../fake-api';
import { destination, watchPoll, watchSnapshot } from './watch-fixtures';

const tick = () => new Promise((r) => setTimeout(r, 0));

async function openComputerView(api = new FakeApi()) {
  const store = new WindowStore(api);
  const result = render(App, { props: { store } });
  await tick();
  await fireEvent.click(screen.getByRole('tab', { name: 'This computer' }));
  return { ...result, store, api };
}

/** The endpoints of the destinations table, top to bottom. */
function endpoints(): string[] {
  const table = screen.getByTestId('watch-destinations');
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent?.trim() ?? '');
}

describe('the "This computer" view', () => {
  afterEach(() => setLocale('en'));

  it('is a tab beside the test, chosen by click or arrow keys, its panel labelled by it', async () => {
    const api = new FakeApi();
    const store = new WindowStore(api);
    render(App, { props: { store } });
    await tick();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Close-order test', 'This computer']);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
    expect(tabs[1]!.tabIndex).toBe(-1);
    tabs[0]!.focus();
    await fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' });
    const computer = screen.getByRole('tab', { name: 'This computer' });
    expect(computer.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(computer);
    const panel = screen.getByRole('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe(computer.id);
    expect(screen.getByRole('button', { name: 'Start watching' })).toBeTruthy();
    await fireEvent.keyDown(computer, { key: 'Home' });
    expect(screen.getByRole('tab', { name: 'Close-order test' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByRole('button', { name: 'Start watching' })).toBeNull();
  });

  it('starts and stops the watch through the Api, and shows what a snapshot holds', async () => {
    const { api } = await openComputerView();
    expect(screen.getByText(/Press Start watching/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Start watching' }));
    expect(api.calls.filter((c) => c.method === 'watchStart')).toHaveLength(1);

    api.pushWatch(watchSnapshot({ seq: 2 }));
    await tick();
    // Alerts first, in the words main sent.
    const alerts = screen.getByRole('region', { name: 'Needs attention' });
    expect(within(alerts).getByText(/127\.0\.0\.1:5432 holds 85%/)).toBeTruthy();
    expect(within(alerts).getByText(/leaky-client \(PID 4242\)/)).toBeTruthy();
    expect(screen.getByTestId('watch-connections').textContent).toBe('24,494');
    expect(screen.getByText('24,340 of 28,232 usable (86%)')).toBeTruthy();
    expect(screen.getByText(/connects to 127\.0\.0\.1:5432 fail in about 2 minutes/)).toBeTruthy();
    expect(screen.getByText('24,000 of 28,232')).toBeTruthy();
    expect(screen.getByRole('meter', { name: 'Ports held toward 127.0.0.1:5432' })).toBeTruthy();

    const programs = screen.getByTestId('watch-programs');
    expect(within(programs).getByText("another user's program")).toBeTruthy();
    expect(within(programs).getByText(/does not close connections its peer closed/)).toBeTruthy();
    expect(screen.getByText(/TIME_WAIT connections belong to no program/)).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Stop watching' }));
    expect(api.calls.filter((c) => c.method === 'watchStop')).toHaveLength(1);
    api.pushWatch(watchSnapshot({ seq: 3, watching: false }));
    await tick();
    // The last poll stays on show, and can still be exported.
    expect(screen.getByRole('button', { name: 'Start watching' })).toBeTruthy();
    expect(screen.getByTestId('watch-connections').textContent).toBe('24,494');
  });

  it('sorts the destinations by the header pressed, and says so with aria-sort', async () => {
    const { api } = await openComputerView();
    api.pushWatch(watchSnapshot({ seq: 2 }));
    await tick();
    const header = (name: RegExp) => screen.getByRole('columnheader', { name });
    expect(endpoints()).toEqual(['127.0.0.1:5432', '[::1]:8080', '10.0.0.5:443']);
    expect(header(/^Ports held/).getAttribute('aria-sort')).toBe('descending');

    await fireEvent.click(within(header(/^New per second/)).getByRole('button'));
    expect(endpoints()).toEqual(['[::1]:8080', '127.0.0.1:5432', '10.0.0.5:443']);
    expect(header(/^New per second/).getAttribute('aria-sort')).toBe('descending');
    expect(header(/^Ports held/).hasAttribute('aria-sort')).toBe(false);

    await fireEvent.click(within(header(/^New per second/)).getByRole('button'));
    expect(endpoints()).toEqual(['10.0.0.5:443', '127.0.0.1:5432', '[::1]:8080']);
    expect(header(/^New per second/).getAttribute('aria-sort')).toBe('ascending');

    await fireEvent.click(within(header(/^Destination/)).getByRole('button'));
    expect(header(/^Destination/).getAttribute('aria-sort')).toBe('ascending');
    expect(endpoints()).toEqual(['[::1]:8080', '10.0.0.5:443', '127.0.0.1:5432']);

    // The order holds as new snapshots come.
    api.pushWatch(watchSnapshot({ seq: 3 }));
    await tick();
    expect(endpoints()).toEqual(['[::1]:8080', '10.0.0.5:443', '127.0.0.1:5432']);
  });

  it('exports the CSV series and shows the answer beside the button, or the refusal', async () => {
    const { api } = await openComputerView();
    const exportButton = () => screen.getByRole('button', { name: 'Export CSV' }) as HTMLButtonElement;
    expect(exportButton().disabled).toBe(true);
    api.pushWatch(watchSnapshot({ seq: 2 }));
    await tick();
    await fireEvent.click(exportButton());
    await tick();
    expect(screen.getByText('Saved the CSV time series to /home/user/watch.csv')).toBeTruthy();

    api.replies.exportWatchCsv = { ok: false, error: 'The folder /x cannot be written to.' };
    await fireEvent.click(exportButton());
    await tick();
    expect(screen.getByRole('alert').textContent).toContain('The folder /x cannot be written to.');

    api.pushWatch(watchSnapshot({ seq: 3, csvNote: 'The CSV series reached 50 MB and stopped growing.' }));
    await tick();
    expect(screen.getByText('The CSV series reached 50 MB and stopped growing.')).toBeTruthy();
  });

  it("shows Windows' exhaustion events, or why they could not be read, and a poll that failed", async () => {
    const { api } = await openComputerView();
    const poll = watchPoll();
    poll.machine.exhaustionEvents = {
      available: true,
      events: [
        {
          id: 4227,
          time: '2026-12-03T14:02:00',
          message: 'TCP/IP failed to establish an outgoing connection.',
        },
      ],
      note: null,
      source: 'wevtutil qe System',
    };
    api.pushWatch(watchSnapshot({ seq: 2, poll }));
    await tick();
    expect(screen.getByRole('region', { name: /Windows port exhaustion events/ })).toBeTruthy();
    expect(screen.getByText(/event 4227/)).toBeTruthy();

    api.pushWatch(
      watchSnapshot({
        seq: 3,
        poll: watchPoll({
          error: 'The connection table could not be read: permission denied.',
          destinations: [],
        }),
      }),
    );
    await tick();
    expect(screen.getByRole('alert').textContent).toContain('could not be read');
    expect(screen.getByText('This computer has no outgoing connections right now.')).toBeTruthy();
  });

  it('speaks German where the system does', async () => {
    setLocale('de-DE');
    const api = new FakeApi();
    const store = new WindowStore(api);
    render(App, { props: { store } });
    await tick();
    await fireEvent.click(screen.getByRole('tab', { name: 'Dieser Computer' }));
    api.pushWatch(watchSnapshot({ seq: 2 }));
    await tick();
    expect(screen.getByRole('button', { name: 'Beobachten beenden' }).textContent).toBeTruthy();
    expect(screen.getByTestId('watch-connections').textContent).toBe('24.494');
    expect(screen.getByText('Programm eines anderen Benutzers')).toBeTruthy();
  });
});

describe('sortDestinations', () => {
  it('keeps the poll order for ties and never changes the list it is given', () => {
    const list = [destination('a:1', 5), destination('b:1', 5), destination('c:1', 9)];
    const before = list.map((d) => d.endpoint);
    expect(sortDestinations(list, 'held', true).map((d) => d.endpoint)).toEqual(['c:1', 'a:1', 'b:1']);
    expect(sortDestinations(list, 'held', false).map((d) => d.endpoint)).toEqual(['a:1', 'b:1', 'c:1']);
    expect(list.map((d) => d.endpoint)).toEqual(before);
  });
});
