/**
 * The "This computer" view in the production window, in Chromium, against the real watch service
 * and its poll thread, with real load: programs that open connections to four listeners (two
 * closing first, one letting the server close first, one never closing what its peer closed).
 * A person opens the view, starts watching, sees the destinations and the leaking program, sorts,
 * exports the CSV series and stops. Screenshots go to test-results/e2e/watch-*.png; axe-core checks
 * each state in light and dark.
 *
 * In a fresh network namespace (the way these tests are run: nothing but loopback), the namespace's
 * ephemeral range is narrowed first so the busiest destination fills within seconds and the view
 * shows its alert; elsewhere the machine's range is left alone and the load only holds ports.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchCsvHeader } from '../../src/main/watch/watch-csv';
import { freshPortBlock } from '../helpers/ports';
import { WatchLoad } from '../helpers/watch-load';
import { AxeReport } from './support/axe';
import { realBackend, type RealBackend } from './support/backend';
import { launchChromium } from './support/browser';
import { installBridge } from './support/bridge';
import { serveDirectory, type StaticServer } from './support/static-server';

const SHOTS = 'test-results/e2e';
const RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';
/** The narrowed range: 1,000 ports, which the fast client-first program fills in about 17 s. */
const NARROW = '40000 40999';

let server: StaticServer;
let browser: Browser;
let backend: RealBackend;
let load: WatchLoad;
let rangeBefore: string | null = null;
const axe = new AxeReport(`${SHOTS}/watch-axe.json`);
/** The window under test, photographed when a wait times out. */
let shown: Page | null = null;

/** Only loopback: a namespace of this test's own, whose settings change nothing else. */
function inOwnNamespace(): boolean {
  return process.platform === 'linux' && Object.keys(networkInterfaces()).every((name) => name === 'lo');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serveDirectory(resolve('out/renderer'));
  browser = await launchChromium();
  if (inOwnNamespace() && existsSync(RANGE_FILE)) {
    try {
      rangeBefore = readFileSync(RANGE_FILE, 'utf8').trim();
      writeFileSync(RANGE_FILE, NARROW);
    } catch {
      rangeBefore = null; // not allowed here: the load only holds ports
    }
  }
  backend = realBackend({ watch: true });
  // Listeners where no client's own port can be (above Linux's ephemeral range, below Windows'):
  // a fixed port inside the range was once held by an earlier test's connection.
  load = new WatchLoad({ fastRate: 60, slowRate: 10, basePort: await freshPortBlock(4) });
});

afterAll(async () => {
  await backend?.watch?.close();
  await load?.stop();
  await browser?.close();
  await server?.close();
  if (rangeBefore !== null) writeFileSync(RANGE_FILE, rangeBefore);
});

/** Generous: on a loaded machine one poll (with its scan of every program's open files) can take seconds. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) {
      await shown?.screenshot({ path: `${SHOTS}/watch-timed-out.png` });
      const poll = backend.watch?.latest;
      const programs = poll?.programs.map((p) => `${p.pid} ${p.name} ${p.total} leak=${p.closeWaitLeak}`);
      throw new Error(
        `Timed out waiting until ${what}. Last poll (${poll?.pollMs} ms): programs ${programs?.join('; ')}; alerts ${poll?.alerts.map((a) => a.text).join(' ')}. Log:\n${backend.log.join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The destinations table as a person reads it: endpoint and new connections a second, top to bottom. */
async function destinationRows(page: Page): Promise<{ endpoint: string; perSecond: number }[]> {
  return page.getByTestId('watch-destinations').evaluate((table) =>
    [...table.querySelectorAll('tbody tr')].map((row) => ({
      endpoint: row.querySelector('th')?.textContent?.trim() ?? '',
      perSecond: Number((row.querySelectorAll('td')[1]?.textContent ?? '').replace(/[^\d.]/g, '')),
    })),
  );
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/watch-${name}.png` });
}

describe('the "This computer" view on the real watch', () => {
  it('opens the view, watches real load, sorts, exports the CSV series and stops', async () => {
    // A context of its own, as axe-core needs (it opens a page beside this one to finish its run).
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const page = await context.newPage();
    shown = page;
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    const bridge = await installBridge(page, backend);
    await page.goto(server.url);

    // By keyboard: the view tabs sit at the top; the arrow key moves to "This computer".
    const testTab = page.getByRole('tab', { name: 'Close-order test' });
    await page.getByTestId('state').waitFor();
    await shoot(page, '00-test-view');
    await axe.check(page, 'test-view');
    await testTab.focus();
    await page.keyboard.press('ArrowRight');
    const computerTab = page.getByRole('tab', { name: 'This computer' });
    await expect.poll(() => computerTab.getAttribute('aria-selected')).toBe('true');
    const start = page.getByRole('button', { name: 'Start watching' });
    await start.waitFor();
    await shoot(page, '01-idle');
    await axe.check(page, 'idle');

    await load.start();
    await start.click();
    await page.getByRole('button', { name: 'Stop watching' }).waitFor();
    const fast = load.endpoint('fast');
    const leakerPid = String(load.pid('leaker'));
    const table = page.getByTestId('watch-destinations');
    await until(
      async () => (await table.count()) > 0 && (await table.getByText(fast).count()) > 0,
      'the load shows',
    );
    // The leaking program is flagged, by its PID, with its reason.
    const programs = page.getByTestId('watch-programs');
    await until(
      async () => (await programs.locator('tr', { hasText: leakerPid }).getByText('Likely.').count()) > 0,
      'the leaker is flagged',
    );
    await expect.poll(() => page.getByText(/TIME_WAIT connections belong to no program/).count()).toBe(1);
    // The leak is also said at the top, in words, naming the program's PID.
    const alerts = page.getByRole('region', { name: 'Needs attention' });
    await until(async () => (await alerts.getByText(leakerPid).count()) > 0, 'the leak is said at the top');
    // The chart has drawn lines for a few seconds.
    await until(
      async () => (await page.getByTestId('watch-chart').locator('canvas').count()) > 0,
      'the chart is drawn',
    );
    await page.waitForTimeout(3000);
    await shoot(page, '02-watching');
    await page
      .getByRole('region', { name: /^Destinations/ })
      .screenshot({ path: `${SHOTS}/watch-02-destinations.png` });
    await page.getByTestId('watch-chart').scrollIntoViewIfNeeded();
    await shoot(page, '03-chart');
    await programs.scrollIntoViewIfNeeded();
    await shoot(page, '04-programs');
    await axe.check(page, 'watching');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('watch-destinations').scrollIntoViewIfNeeded();
    await shoot(page, '05-watching-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Sorted by the header pressed, and says so.
    const perSecondHeader = page.getByRole('columnheader', { name: /New per second/ });
    await perSecondHeader.getByRole('button').click();
    await expect.poll(() => perSecondHeader.getAttribute('aria-sort')).toBe('descending');
    const rows = await destinationRows(page);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < rows.length; i++)
      expect(rows[i]!.perSecond).toBeLessThanOrEqual(rows[i - 1]!.perSecond);
    await perSecondHeader.getByRole('button').click();
    await expect.poll(() => perSecondHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.getByRole('columnheader', { name: /Ports held/ }).getAttribute('aria-sort')).toBeNull();

    // Export: the answer beside the button names the file, which holds the series so far.
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const saved = page.getByText(/^Saved the CSV time series to /);
    await saved.waitFor();
    const path = backend.desktop.saved.at(-1)!;
    expect(await saved.textContent()).toContain(path);
    const csv = readFileSync(path, 'utf8');
    expect(csv.startsWith(watchCsvHeader())).toBe(true);
    expect(csv).toContain(fast);
    await page.getByRole('button', { name: 'Export CSV' }).scrollIntoViewIfNeeded();
    await shoot(page, '06-exported');

    // Stop: the button turns back, the last count stays on show.
    await page.getByRole('button', { name: 'Stop watching' }).click();
    await start.waitFor();
    await expect.poll(() => page.getByText('Not watching.').count()).toBe(1);
    expect(await table.getByText(fast).count()).toBeGreaterThan(0);
    await shoot(page, '07-stopped');
    await axe.check(page, 'stopped');

    bridge.detach();
    await context.close();

    // In German, opened afresh: the last count of the stopped watch is still on show.
    const german = await browser.newContext({ viewport: { width: 1024, height: 700 }, locale: 'de-DE' });
    const dePage = await german.newPage();
    shown = dePage;
    dePage.on('pageerror', (e) => problems.push(e.message));
    const deBridge = await installBridge(dePage, backend);
    await dePage.goto(server.url);
    await dePage.getByRole('tab', { name: 'Dieser Computer' }).click();
    await dePage.getByRole('button', { name: 'Beobachten starten' }).waitFor();
    await dePage.getByTestId('watch-destinations').getByText(fast).first().waitFor();
    await shoot(dePage, '08-german');
    await axe.check(dePage, 'german');
    deBridge.detach();
    await german.close();

    expect(problems).toEqual([]);
    expect(
      axe.checks.flatMap((c) => c.violations.map((v) => `${c.state} (${c.scheme}): ${v.impact} ${v.rule}`)),
    ).toEqual([]);
  }, 300_000);
});
