/**
 * The window as the person it is for meets it, from first sight to the file sent back and the
 * results read again: Run all, one close order after it, the app opened again on the same data,
 * the diagnostics bundle saved and imported, an earlier session opened, a start refused while the
 * last run's connections are listed; then the window in German. The production renderer in
 * Chromium against the real controller and engine, driven by roles and names, as a screen reader
 * or a keyboard would. axe-core checks every state in light and dark.
 *
 * On Linux as root (npm test's own network namespace) the walk runs with Windows-like ports, so
 * client first runs out of them; elsewhere it runs on the machine as it is, and each step checks
 * the window against what this machine's engine found, whatever that is.
 *
 * Writes test-results/e2e/journey-*.png, journey.json (per step, what the window showed) and
 * axe.json (the violations by impact, per state and colour scheme).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEnded } from '../../src/shared/contract';
import { resultCell } from '../../src/shared/outcome';
import type { ErrorRecord } from '../../src/shared/types';
import { freshPort } from '../helpers/ports';
import { readZip } from '../helpers/zip';
import { AxeReport } from './support/axe';
import { realBackend, type RealBackend } from './support/backend';
import { launchChromium } from './support/browser';
import { installBridge, type Bridge } from './support/bridge';
import {
  blurFocused,
  contrastRatio,
  focusRing,
  focusedElement,
  liveTexts,
  nextFrame,
} from './support/in-page';
import { emulateWindows, emulationUnavailable, type Emulation } from './support/emulate-windows';
import { serveDirectory, type StaticServer } from './support/static-server';

const OUT = 'test-results/e2e';
const TIME_WAIT_S = 2;

let server: StaticServer;
let browser: Browser;
let backend: RealBackend;
let emulation: Emulation | null = null;
const axe = new AxeReport(`${OUT}/axe.json`);

interface StepRecord {
  step: string;
  /** Seconds since the walk began. */
  at: number;
  screenshots: string[];
  window: Record<string, unknown>;
  axe: {
    state: string;
    scheme: string;
    critical: number;
    serious: number;
    moderate: number;
    minor: number;
  }[];
  notes: string[];
}
const steps: StepRecord[] = [];
let began = Date.now();
const journey = {
  emulation: '' as string,
  /** What the walk's setting explains about what the window showed. */
  notes: [] as string[],
  steps,
};
function writeJourney(): void {
  writeFileSync(`${OUT}/journey.json`, `${JSON.stringify(journey, null, 2)}\n`);
}

interface Window {
  context: BrowserContext;
  page: Page;
  bridge: Bridge;
  problems: string[];
}

/** Opens the window as the app does at start: a fresh page on the backend, 1024x700. */
async function openWindow(locale = 'en-US'): Promise<Window> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, locale });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  const bridge = await installBridge(page, backend);
  await page.goto(server.url);
  await page.getByTestId('state').waitFor();
  return { context, page, bridge, problems };
}

async function closeWindow(w: Window): Promise<void> {
  w.bridge.detach();
  await w.context.close();
  expect(w.problems).toEqual([]);
}

/** One step of the walk: screenshots, axe in light and dark, and what the window showed. */
async function record(
  page: Page,
  step: string,
  window: Record<string, unknown>,
  { notes = [], regions = [], dark = false }: { notes?: string[]; regions?: string[]; dark?: boolean } = {},
): Promise<StepRecord> {
  const n = String(steps.length + 1).padStart(2, '0');
  const shots = [`${OUT}/journey-${n}-${step}.png`];
  await page.screenshot({ path: shots[0] });
  for (const region of regions) {
    const part = page.getByRole('region', { name: region, exact: true });
    if ((await part.count()) !== 1) continue;
    const shot = `${OUT}/journey-${n}-${step}-${region.toLowerCase().replace(/\W+/g, '-')}.png`;
    await part.screenshot({ path: shot });
    shots.push(shot);
  }
  const checks = await axe.check(page, step);
  if (dark) {
    await page.emulateMedia({ colorScheme: 'dark' });
    shots.push(`${OUT}/journey-${n}-${step}-dark.png`);
    await page.screenshot({ path: shots.at(-1)! });
    await page.emulateMedia({ colorScheme: 'light' });
  }
  const entry: StepRecord = {
    step,
    at: Math.round((Date.now() - began) / 100) / 10,
    screenshots: shots,
    window,
    axe: checks.map((c) => ({ state: c.state, scheme: c.scheme, ...c.counts })),
    notes,
  };
  steps.push(entry);
  writeJourney();
  return entry;
}

/** The results table as shown: per machine (column), per close order (row), the cell's words. */
async function resultsTable(page: Page): Promise<Record<string, Record<string, string>>> {
  const table = page.getByTestId('results-table');
  if ((await table.count()) === 0) return {};
  return table.evaluate((t) => {
    const heads = [...t.querySelectorAll('thead th')].map((th) =>
      (th.textContent ?? '').replace('×', '').trim(),
    );
    const machines: Record<string, Record<string, string>> = {};
    for (const tr of t.querySelectorAll('tbody tr')) {
      const mode = (tr.querySelector('th')?.textContent ?? '').trim();
      [...tr.querySelectorAll('td')].forEach((td, i) => {
        const machine = heads[i + 1] ?? `column ${i + 1}`;
        (machines[machine] ??= {})[mode] = (td.textContent ?? '').trim().replace(/\s+/g, ' ');
      });
    }
    return machines;
  });
}

/** Every row of the error log (it draws only the rows in view: scrolls through it). */
async function errorLogRows(page: Page): Promise<{ mode: string; code: string }[]> {
  const log = page.getByTestId('error-log');
  const rows = new Map<number, { mode: string; code: string }>();
  const total = await log.evaluate((e) => e.scrollHeight);
  for (let top = 0; ; top += 150) {
    await log.evaluate((e, y) => e.scrollTo(0, y), top);
    await page.evaluate(nextFrame);
    for (const row of await log.getByRole('row').all()) {
      const index = Number(await row.getAttribute('aria-rowindex'));
      if (!index) continue; // the row that says there are none
      const cells = await row.getByRole('cell').allTextContents();
      rows.set(index, { mode: cells[1]?.trim() ?? '', code: cells[4]?.trim() ?? '' });
    }
    if (top >= total) break;
  }
  await log.evaluate((e) => e.scrollTo(0, 0));
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

async function text(page: Page, name: string): Promise<string> {
  return ((await page.getByRole('region', { name }).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Collects the engine's error records and the controller's run-ended events from now on. */
function listen(b: RealBackend): { errors: ErrorRecord[]; ended: RunEnded[]; off: () => void } {
  const errors: ErrorRecord[] = [];
  const ended: RunEnded[] = [];
  const onError = (e: ErrorRecord) => errors.push(e);
  b.controller.on('error-record', onError);
  const offEnded = b.onRunEnded((e) => ended.push(e));
  return {
    errors,
    ended,
    off() {
      b.controller.off('error-record', onError);
      offEnded();
    },
  };
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}. Log:\n${backend.log.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What a screen reader would read out of the live regions now. */
const announced = (page: Page): Promise<string[]> => page.evaluate(liveTexts);
/** The element with keyboard focus, in words. */
const focused = (page: Page): Promise<string> => page.evaluate(focusedElement);

/**
 * Tabs through the first stops of the window and measures each focus ring against the background
 * it is drawn on: the lowest contrast, and where.
 */
async function focusRings(
  page: Page,
  stops: number,
): Promise<{ lowest: number; where: string; rings: number }> {
  await page.evaluate(blurFocused);
  await page.mouse.click(1, 1);
  let lowest = Infinity;
  let where = '';
  let rings = 0;
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(focusRing);
    if (!ring) continue;
    expect(ring.style, `a focus ring on ${ring.what}`).not.toBe('none');
    expect(ring.width, `the focus ring's width on ${ring.what}`).toBeGreaterThanOrEqual(2);
    const ratio = contrastRatio(ring.color, ring.background);
    rings++;
    if (ratio < lowest) [lowest, where] = [ratio, ring.what];
  }
  return { lowest: Math.round(lowest * 100) / 100, where, rings };
}

const stateOf = (page: Page) => page.getByTestId('state').textContent();

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  // This walk's own files from an earlier run go; the other browser tests' stay.
  for (const name of readdirSync(OUT))
    if (/^journey[-.]|^axe\.json$/.test(name)) rmSync(join(OUT, name), { force: true });
  server = await serveDirectory(resolve('out/renderer'));
  browser = await launchChromium();
  emulation = emulateWindows(TIME_WAIT_S);
  journey.emulation = emulation?.description ?? `none (${emulationUnavailable()})`;
  if (emulation)
    journey.notes.push(
      "Linux lists a connection in TIME_WAIT for its fixed 60 s, though here its port is free again after the assumed TIME_WAIT: the waits between close orders end at their bound, and the window says the half-connections still listed 'may belong to another program'. On Windows they leave when TIME_WAIT ends.",
    );
  backend = realBackend({
    timeWaitSeconds: TIME_WAIT_S,
    drainGraceSeconds: 1,
    ...(emulation ? { emulation: emulation.description } : {}),
  });
});

afterAll(async () => {
  await backend?.controller.shutdown();
  emulation?.restore();
  await browser?.close();
  await server?.close();
  writeJourney();
});

describe('the journey of a person who never opened a terminal', () => {
  it('walks from first sight to the file sent back, and reads it again', async () => {
    began = Date.now();
    const port = await freshPort();

    // 1. First sight: nothing run yet, one obvious thing to do.
    let w = await openWindow();
    let { page } = w;
    await expect.poll(() => stateOf(page)).toBe('Ready');
    const runAll = page.getByRole('button', { name: /^Run all/ });
    await runAll.waitFor();
    await record(page, 'first-sight', {
      state: await stateOf(page),
      results: await text(page, 'Results'),
      buttons: await page.getByRole('button').allTextContents(),
    });

    // 2. Run all, short, on Windows-like ports where they can be had.
    await page.getByLabel('Port', { exact: true }).fill(String(port));
    await page.getByLabel('Seconds per run', { exact: true }).fill('1');
    let heard = listen(backend);
    await runAll.click();
    await until(async () => (await stateOf(page)) === 'Draining', 'the first wait between close orders');
    await record(page, 'run-all-waiting', {
      state: await stateOf(page),
      banner: await text(page, 'Session state'),
    });
    await until(async () => (await stateOf(page)) === 'Done', 'Run all ends', 120_000);
    await until(async () => heard.ended.length > 0, 'the results are saved');
    const runAllDoc = heard.ended[0]!.document;
    const table = await resultsTable(page);
    const machines = Object.keys(table);
    const own = table[machines[0]!]!;
    // The table says, for each close order, what this machine's engine found.
    expect(Object.keys(own)).toEqual(['any', 'client', 'server', 'simultaneous', 'graceful']);
    for (const run of runAllDoc.runs) expect(own[run.mode]).toBe(resultCell(run).label);
    if (emulation) {
      // Windows' pattern: client first runs out of ports, server first does not.
      expect(runAllDoc.runs.find((r) => r.mode === 'client')!.outcome).toBe('exhausted');
      expect(runAllDoc.runs.find((r) => r.mode === 'server')!.outcome).toBe('ok');
    }
    // Each error is filed under the close order that made it.
    const logRows = await errorLogRows(page);
    const windowModes = countBy(logRows, (r) => r.mode);
    const engineModes = countBy(heard.errors, (e) => e.mode ?? '(none)');
    const runAllErrors = heard.errors.length;
    expect(windowModes).toEqual(engineModes);
    heard.off();
    await record(page, 'run-all-done', {
      state: await stateOf(page),
      banner: await text(page, 'Session state'),
      table,
      engine: runAllDoc.runs.map((r) => ({ mode: r.mode, outcome: r.outcome, connections: r.connections })),
      errorLog: { modes: windowModes, engineModes },
    });

    // The focus ring shows, at 3:1 at least, on the first stops of the window, light and dark.
    const rings: Record<string, unknown> = {};
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const found = await focusRings(page, 14);
      expect(found.rings).toBeGreaterThan(5);
      expect(found.lowest, `the focus ring on ${found.where} (${scheme})`).toBeGreaterThanOrEqual(3);
      rings[scheme] = found;
    }
    await page.emulateMedia({ colorScheme: 'light' });
    steps.at(-1)!.window.focusRings = rings;

    // 3. One close order after it, server, started from the keyboard. The last run's connections
    // are still listed: the start is refused, and the window offers to wait and start by itself.
    await page.getByRole('radio', { name: /^server/ }).check();
    // Long enough to look at it running; it is stopped from the keyboard.
    await page.getByLabel('Seconds per run', { exact: true }).fill('90');
    heard = listen(backend);
    const start = page.getByRole('button', { name: /^(Start|Run only) server$/ });
    await start.focus();
    await page.keyboard.press('Enter');
    const refusal = page.getByRole('alert');
    await until(
      async () => (await refusal.count()) > 0 || (await stateOf(page)) !== 'Ready',
      'the start is refused or begins',
    );
    const refused = (await refusal.count()) > 0;
    if (refused) {
      // The focus stays where the person was, on the button that asked.
      await expect.poll(() => focused(page)).toMatch(/^button "(Start|Run only) server"$/);
      const wait = page.getByRole('button', { name: /^Wait and start/ });
      const offered = (await wait.count()) > 0;
      // Where a person looks: is the offer on screen, or below the window's bottom edge?
      await refusal.scrollIntoViewIfNeeded();
      const box = offered ? await wait.boundingBox() : null;
      const offerInView = box !== null && box.y >= 0 && box.y + box.height <= 700;
      await record(
        page,
        'start-refused',
        {
          state: await stateOf(page),
          alert: await refusal.textContent(),
          offersToWait: offered,
          offerInView,
          focus: await focused(page),
        },
        { regions: ['Session state'] },
      );
      // The offer sits beside the refusal, under the button that was pressed: never off screen.
      if (offered) expect(offerInView, 'the offer to wait is on screen').toBe(true);
      if (offered) {
        await wait.focus();
        await page.keyboard.press('Enter');
        await until(async () => (await stateOf(page)) !== 'Ready', 'the wait begins');
        await record(page, 'start-waiting', {
          state: await stateOf(page),
          banner: await text(page, 'Session state'),
          focus: await focused(page),
        });
      } else {
        await page.getByRole('checkbox', { name: /^Start even if/ }).check();
        await start.focus();
        await page.keyboard.press('Enter');
      }
    }
    await until(async () => (await stateOf(page)) === 'Running', 'server runs', 60_000);
    // Start is disabled now: the keyboard focus went to the button that stops, not to the page.
    const focusWhileRunning = await focused(page);
    // The chart is a picture to a screen reader: it says in words what it draws.
    const chart = page.getByRole('img').filter({ has: page.locator('canvas') });
    await expect
      .poll(async () => (await chart.getAttribute('aria-label')) ?? '', { timeout: 20_000 })
      .toMatch(/\d/);
    expect(focusWhileRunning).toMatch(/^button "Stop/);
    // Nothing ticks in the live regions: what a screen reader reads out stays the same over 2 s.
    const said = await announced(page);
    await page.waitForTimeout(2100);
    expect(await stateOf(page)).toBe('Running');
    expect(await announced(page)).toEqual(said);
    await record(page, 'single-running', {
      state: await stateOf(page),
      banner: await text(page, 'Session state'),
      focus: focusWhileRunning,
      announced: said,
      chart: await chart.getAttribute('aria-label'),
    });
    // Stopped from the keyboard, where the focus is.
    expect(await focused(page)).toMatch(/^button "Stop/);
    await page.keyboard.press('Enter');
    await until(
      async () => !['Running', 'Stopping'].includes((await stateOf(page)) ?? ''),
      'server stops',
      60_000,
    );
    await until(async () => heard.ended.length > 0, 'the results are saved');
    heard.off();
    const focusAfterStop = await focused(page);
    expect(focusAfterStop).not.toBe('the page');
    const single = heard.ended[0]!.document.runs[0]!;
    expect(single.mode).toBe('server');
    const afterSingle = await resultsTable(page);
    const ownAfter = afterSingle[Object.keys(afterSingle)[0]!]!;
    expect(ownAfter.server).toBe(resultCell(single).label);
    // The other close orders still show what Run all found.
    for (const run of runAllDoc.runs.filter((r) => r.mode !== 'server'))
      expect(ownAfter[run.mode], run.mode).toBe(resultCell(run).label);
    await record(
      page,
      'single-done',
      {
        state: await stateOf(page),
        banner: await text(page, 'Session state'),
        focus: focusAfterStop,
        table: afterSingle,
        engine: { mode: single.mode, outcome: single.outcome, stopReason: single.stopReason },
      },
      { regions: ['Results'], dark: true },
    );
    await closeWindow(w);

    // 4. The app opened again on the same data folder: the results are there, ready to send.
    const dataDir = backend.dataDir;
    await backend.controller.shutdown();
    backend = realBackend({
      timeWaitSeconds: TIME_WAIT_S,
      drainGraceSeconds: 1,
      dataDir,
      ...(emulation ? { emulation: emulation.description } : {}),
    });
    w = await openWindow();
    page = w.page;
    await expect.poll(() => stateOf(page)).toBe('Ready');
    await page.getByTestId('results-table').waitFor();
    const reopened = await resultsTable(page);
    // The table as it was before the window closed, ready to export: the single order and the
    // Run all's other orders, each session also listed under Earlier sessions.
    const reopenedOwn = reopened[Object.keys(reopened)[0]!]!;
    expect(reopenedOwn.server).toBe(resultCell(single).label);
    for (const run of runAllDoc.runs.filter((r) => r.mode !== 'server'))
      expect(reopenedOwn[run.mode], `${run.mode} after reopening`).toBe(resultCell(run).label);
    const shownModes = Object.entries(reopenedOwn)
      .filter(([, cell]) => cell !== 'not run')
      .map(([mode]) => mode);
    const bundleButton = page.getByRole('button', { name: /diagnostics/i }).first();
    expect(await bundleButton.isEnabled()).toBe(true);
    const history = await text(page, 'Earlier sessions');
    await record(page, 'relaunched', { table: reopened, earlierSessions: history }, { regions: ['Results'] });

    // 5. The diagnostics bundle, the one file to send back.
    await bundleButton.click();
    const saved = page.getByRole('status').filter({ hasText: /saved to/i });
    await saved.waitFor();
    const bundlePath = backend.desktop.saved.at(-1)!;
    expect(bundlePath).toMatch(/\.zip$/);
    const entries = await readZip(bundlePath);
    const names = entries.map((e) => e.name);
    const bundled = JSON.parse(entries.find((e) => e.name === 'results.json')!.bytes.toString('utf8')) as {
      runs: { mode: string; outcome: string }[];
    };
    // Everything the table shows is in the bundle.
    expect(bundled.runs.map((r) => r.mode).sort()).toEqual([...shownModes].sort());

    const readme = entries.find((e) => e.name === 'README.txt')?.bytes.toString('utf8') ?? '';
    await record(page, 'bundle-saved', {
      notice: await saved.textContent(),
      file: bundlePath.slice(dataDir.length + 1),
      contents: names,
      runs: bundled.runs.map((r) => `${r.mode}: ${r.outcome}`),
      readme: readme.split(/\r?\n/).filter(Boolean),
    });

    // 6. The person who receives it imports the bundle as it is.
    backend.desktop.openPaths = [bundlePath];
    await page.getByRole('button', { name: /^Add results/ }).click();
    const headers = page.getByTestId('results-table').locator('thead th');
    const before = Object.keys(reopened).length + 1; // the close order column
    await until(
      async () => (await headers.count()) > before || (await page.getByRole('alert').count()) > 0,
      'the bundle is imported or refused',
    );
    const importNotice =
      (await page.getByRole('alert').count()) > 0 ? await page.getByRole('alert').textContent() : null;
    expect(importNotice).toBeNull();
    const imported = await resultsTable(page);
    expect(Object.keys(imported).length).toBe(Object.keys(reopened).length + 1);
    await record(
      page,
      'bundle-imported',
      { table: imported, notice: importNotice },
      { regions: ['Results'] },
    );

    // 7. An earlier session: the Run all, shown everywhere.
    const sessions = page.getByRole('region', { name: 'Earlier sessions' }).getByRole('button');
    const runAllEntry = sessions.filter({ hasText: 'client' }).filter({ hasText: 'graceful' }).first();
    await runAllEntry.click();
    await expect.poll(async () => (await runAllEntry.getAttribute('aria-pressed')) ?? '').toBe('true');
    const earlier = await resultsTable(page);
    const earlierOwn = earlier[Object.keys(earlier)[0]!]!;
    for (const run of runAllDoc.runs) expect(earlierOwn[run.mode], run.mode).toBe(resultCell(run).label);
    // The error log beside it is that session's own, filed under the same close orders.
    const earlierLog = await errorLogRows(page);
    expect(earlierLog).toHaveLength(runAllErrors);
    expect(countBy(earlierLog, (r) => r.mode)).toEqual(engineModes);
    await record(
      page,
      'earlier-session',
      {
        table: earlier,
        banner: await text(page, 'Session state'),
        errorLog: { rows: earlierLog.length, modes: countBy(earlierLog, (r) => r.mode) },
      },
      { regions: ['Results'] },
    );
    await closeWindow(w);

    // 8. The window in German, on the same data.
    w = await openWindow('de-DE');
    page = w.page;
    await page.getByTestId('results-table').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^de/);
    const german = async () => ({
      state: await stateOf(page),
      headings: await page.getByRole('heading').allTextContents(),
      buttons: (await page.getByRole('button').allTextContents()).map((t) => t.trim()).filter(Boolean),
      table: await resultsTable(page),
    });
    await record(page, 'german', await german(), { dark: true });
    // The Run all of earlier, opened from the list of sessions (its entries are the buttons that
    // stay pressed while their session is shown).
    const oldest = page.locator('button[aria-pressed]').last();
    await oldest.click();
    await expect.poll(async () => (await oldest.getAttribute('aria-pressed')) ?? '').toBe('true');
    await page.getByTestId('results-table').scrollIntoViewIfNeeded();
    await record(page, 'german-earlier-session', await german());
    await closeWindow(w);

    writeJourney();
    expect(axe.blocking()).toEqual([]);
  }, 600_000);
});
