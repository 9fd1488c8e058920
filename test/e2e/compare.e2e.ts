// The person who receives the files, in the production window in Chromium: two machines' files
// (the diagnostics .zip as sent, and a results .json) imported beside this machine's own run; the
// table at 1024x700 without sideways scrolling; the same file twice; a wrong file; removing a
// column; and the exports that hold what the table shows.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../src/main/results/bundle';
import { reportMarkdown } from '../../src/main/results/markdown';
import { readResultsOrRunLogs } from '../../src/main/results/results-or-run-logs';
import type { ResultsDocument, RunEnded } from '../../src/shared/contract';
import { windowsDocument } from '../fixtures/results/factory';
import { freshPort } from '../helpers/ports';
import { realBackend, type RealBackend } from './support/backend';
import { launchChromium } from './support/browser';
import { installBridge } from './support/bridge';
import { serveDirectory, type StaticServer } from './support/static-server';

const SHOTS = 'test-results/e2e';

let server: StaticServer;
let browser: Browser;
let backend: RealBackend;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serveDirectory(resolve('out/renderer'));
  browser = await launchChromium();
  backend = realBackend();
});

afterAll(async () => {
  await backend?.controller.stop();
  await browser?.close();
  await server?.close();
});

/** A second Windows machine with a long name, whose runs were saved in another order. */
function windows10Document(): ResultsDocument {
  const doc = windowsDocument();
  return {
    ...doc,
    createdAt: '2026-11-25T16:42:10.000+01:00',
    machine: {
      ...doc.machine,
      osName: 'Windows 10 Enterprise LTSC 2021',
      release: '10.0.19044',
      hostname: 'LAB-WORKSTATION-0042-BUILDFARM',
    },
    runs: [...doc.runs].reverse(),
  };
}

/** How far the page and the table's own box scroll sideways (0: not at all). */
async function sidewaysOverflow(page: Page): Promise<{ page: number; table: number }> {
  return page.getByTestId('results-table').evaluate((table) => {
    const box = table.parentElement!;
    const root = table.ownerDocument.documentElement;
    return {
      page: Math.max(0, root.scrollWidth - root.clientWidth),
      table: Math.max(0, box.scrollWidth - box.clientWidth),
    };
  });
}

async function headerTexts(page: Page): Promise<string[]> {
  const headers = await page.getByTestId('results-table').locator('thead th').allTextContents();
  return headers.map((h) => h.replace(/\s+/g, ' ').trim());
}

describe('comparing machines in the window', () => {
  it('imports the .zip as sent and a .json beside this machine, and the table fits at 1024 px', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const bridge = await installBridge(page, backend);
    await page.goto(server.url);
    await page.getByTestId('state').waitFor();

    // This machine's own run, on the real engine.
    const ended = new Promise<RunEnded>((done) => {
      const off = backend.onRunEnded((e) => {
        off();
        done(e);
      });
    });
    await backend.controller.start({
      mode: 'server',
      host: '127.0.0.1',
      port: await freshPort(),
      durationSec: 1,
      connectionLimit: null,
      maxErrors: 10,
      force: true,
    });
    await ended;

    // The files as they arrive: the diagnostics bundle the app saves, and a results file.
    const zip = join(backend.dataDir, 'SocketCloseTest-DESKTOP-7Q2LM0-2026-11-24-0718.zip');
    await writeBundle(zip, { documents: [windowsDocument()], logFiles: [] });
    const json = join(backend.dataDir, 'lab-workstation.json');
    writeFileSync(json, JSON.stringify(windows10Document()));
    backend.desktop.openPaths = [zip, json];
    await page.getByRole('button', { name: 'Add results from another machine' }).click();
    await expect.poll(() => headerTexts(page)).toHaveLength(5);
    const headers = await headerTexts(page);
    expect(headers[2]).toMatch(/^Windows 11 Pro \(build 22631\) on DESKTOP-7Q2LM0 .*2026/);
    expect(headers[3]).toMatch(/^Windows 10 Enterprise LTSC 2021 .*on LAB-WORKSTATION-0042-BUILDFARM .*2026/);

    // The original program's order, whatever order the runs were saved in.
    const modes = await page.getByTestId('results-table').locator('tbody th').allTextContents();
    expect(modes.map((m) => m.trim())).toEqual(['any', 'client', 'server', 'simultaneous', 'graceful']);

    // At 1024x700 nothing scrolls sideways: not the page, not the table's own box.
    expect(await sidewaysOverflow(page)).toEqual({ page: 0, table: 0 });
    const region = page.getByRole('region', { name: 'Results' });
    await region.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/compare-1024x700.png` });
    await region.screenshot({ path: `${SHOTS}/compare-results.png` });
    // At the smallest window (900x600) words wrap further, but the table still fits its box and the window.
    await page.setViewportSize({ width: 900, height: 600 });
    expect((await sidewaysOverflow(page)).table).toBe(0);
    const box = await region.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(900);
    await region.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/compare-900x600.png` });
    await page.setViewportSize({ width: 1024, height: 700 });

    // The same file again: said so, not a second column.
    backend.desktop.openPaths = [zip];
    await page.getByRole('button', { name: 'Add results from another machine' }).click();
    await page.getByText('Those results are already shown.').waitFor();
    expect(await headerTexts(page)).toHaveLength(5);

    // A Markdown report: named, said what it is, nothing added.
    const report = join(backend.dataDir, 'results.md');
    writeFileSync(report, reportMarkdown([windowsDocument()]));
    backend.desktop.openPaths = [report];
    await page.getByRole('button', { name: 'Add results from another machine' }).click();
    await page
      .getByText(/results\.md is not a SocketCloseTest results file: it is a Markdown report/)
      .waitFor();
    expect(await headerTexts(page)).toHaveLength(5);
    await page.screenshot({ path: `${SHOTS}/compare-wrong-file.png` });

    // The exports hold what the table shows: this machine first, then the imported ones.
    await page.getByRole('button', { name: 'JSON' }).click();
    await page.getByText(/^Saved to /).waitFor();
    const saved = backend.desktop.saved.at(-1)!;
    const read = await readResultsOrRunLogs([saved]);
    expect(read.problems).toEqual([]);
    expect(read.documents.map((d) => d.machine.hostname)).toEqual([
      read.documents[0]!.machine.hostname,
      'DESKTOP-7Q2LM0',
      'LAB-WORKSTATION-0042-BUILDFARM',
    ]);
    await page.getByRole('button', { name: 'Markdown' }).click();
    await expect.poll(() => backend.desktop.saved.at(-1)?.endsWith('.md')).toBe(true);
    await expect
      .poll(() => readFileSync(backend.desktop.saved.at(-1)!, 'utf8'), { timeout: 10_000 })
      .toContain('LAB-WORKSTATION-0042-BUILDFARM');

    // Removing an imported column leaves the others.
    await page.getByRole('button', { name: /^Remove the results of Windows 11 Pro/ }).click();
    const after = await headerTexts(page);
    expect(after).toHaveLength(4);
    expect(after[2]).toMatch(/LAB-WORKSTATION-0042-BUILDFARM/);

    bridge.detach();
    await page.close();
    expect(problems).toEqual([]);
  });
});
