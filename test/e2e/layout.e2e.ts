/**
 * The window's layout in real Chromium at the sizes a person opens it at: the minimum (900 x 600,
 * and the page inside a window of that size once Windows has drawn its frame),
 * a 1366 x 768 laptop at 125 % (about 1093 x 614 to work with) and 1024 x 700. In each, before a
 * run, during a Run all on Windows with a full error log, after it, and with a wrong field: nothing
 * scrolls sideways, no button or field reaches past the window, Run all is in view without
 * scrolling, and the longest error code (WSAECONNRESET (10054)) is not cut.
 *
 * The main process is a stand-in here that answers as a Windows machine would, and the states are
 * snapshots pushed into the page: this test is about where things land, not about the engine
 * (window.e2e.ts and the journey test run the real one).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply, Snapshot } from '../../src/shared/contract';
import { makeError, windowsDocument, windowsMachine } from '../fixtures/results/factory';
import { snapshot } from '../fixtures/snapshot';
import { launchChromium } from './support/browser';
import { installBridge, type Backend, type Requests } from './support/bridge';
import { serveDirectory, type StaticServer } from './support/static-server';

const SHOTS = 'test-results/e2e/layout';
const SIZES = [
  { width: 900, height: 600 },
  // The page inside a 900 x 600 window on Windows, less its title bar and borders.
  { width: 884, height: 561 },
  { width: 1093, height: 614 },
  { width: 1024, height: 700 },
] as const;

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serveDirectory(resolve('out/renderer'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Answers as the main process of a Windows machine with no history would; what is not asked here refuses. */
function windowsStandIn(asked: string[] = []): Backend {
  const answers: Partial<Record<keyof Requests, () => Promise<unknown>>> = {
    getSnapshot: () => Promise.resolve(snapshot({ sessionId: null })),
    getSystemInfo: () => Promise.resolve(windowsMachine()),
    listHistory: () => Promise.resolve({ ok: true, value: [] } satisfies Reply<[]>),
  };
  const refuse = () => Promise.resolve({ ok: false, error: 'Not in this test.' } satisfies Reply);
  const requests = new Proxy({} as Requests, {
    get: (_target, method: string) => {
      asked.push(method);
      return answers[method as keyof Requests] ?? refuse;
    },
  });
  return { requests, onSnapshot: () => () => {}, onRunEnded: () => () => {} };
}

const RUNS = windowsDocument().runs;
const MODES = ['any', 'client', 'server', 'simultaneous', 'graceful'] as const;

/** A Run all on its third close order, server, its clients reset by the server: a screenful of WSAECONNRESET. */
function runningRunAll(seq: number): Snapshot {
  const config = { ...RUNS[2]!.config, mode: 'server' as const, durationSec: 60 };
  const newErrors = Array.from({ length: 40 }, (_, i) =>
    makeError({
      atMs: Date.parse('2026-11-24T07:22:00Z') + i,
      op: 'read',
      code: 'ECONNRESET',
      localPort: 64_000 + i,
      peerPort: 40_000,
      connection: 1_234_560 + i,
    }),
  );
  return snapshot({
    seq,
    sessionId: 's-layout',
    state: 'running',
    mode: 'server',
    config,
    runAll: { modes: [...MODES], index: 2 },
    elapsedMs: 23_000,
    durationMs: 60_000,
    connections: 251_000,
    connectsPerSec: 10_900,
    errorTotal: 40,
    errorCounts: { ECONNRESET: 40 },
    newErrors,
    finished: RUNS.slice(0, 2),
  });
}

function doneRunAll(seq: number): Snapshot {
  return snapshot({
    seq,
    sessionId: 's-layout',
    state: 'done',
    mode: 'graceful',
    config: RUNS[4]!.config,
    runAll: { modes: [...MODES], index: 4 },
    finished: RUNS,
  });
}

interface Problems {
  sideways: boolean;
  /** Buttons, fields and labels reaching past the window's right edge. */
  pastEdge: string[];
  /** Cells and buttons whose text does not fit them. */
  cut: string[];
  runAllInView: boolean;
  resetCodes: number;
}

/** Measured in the page; a string, so it runs as the page's own script. */
const MEASURE = `(() => {
  const width = innerWidth;
  const name = (e) => (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 60);
  const pastEdge = [...document.querySelectorAll('button, input, select, label')]
    .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > width + 0.5)
    .map(name);
  const cut = [...document.querySelectorAll('[role=cell], button')]
    .filter((e) => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 1)
    .map(name);
  const runAll = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Run all');
  const r = runAll ? runAll.getBoundingClientRect() : null;
  return {
    sideways: document.documentElement.scrollWidth > width,
    pastEdge,
    cut,
    runAllInView: !!r && r.top >= 0 && r.bottom <= innerHeight,
    resetCodes: [...document.querySelectorAll('[role=cell]')].filter((c) => c.textContent.trim() === 'WSAECONNRESET (10054)').length,
  };
})()`;

async function measure(page: Page): Promise<Problems> {
  return (await page.evaluate(MEASURE)) as Problems;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

describe.each(SIZES)('the window at $width x $height', ({ width, height }) => {
  it('fits before, during and after a Run all, and with a wrong field', async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const bridge = await installBridge(page, windowsStandIn());
    await page.goto(server.url);
    await page.getByTestId('state').waitFor();
    await page.getByText('Windows 11 Pro', { exact: false }).first().waitFor();
    const size = `${width}x${height}`;
    const fits = (problems: Problems) => {
      expect(problems).toMatchObject({ sideways: false, pastEdge: [], cut: [], runAllInView: true });
    };

    await shoot(page, `${size}-first-sight`);
    fits(await measure(page));

    await bridge.emitSnapshot(runningRunAll(1000));
    await page.getByTestId('run-all-left').waitFor();
    await shoot(page, `${size}-run-all`);
    await page.getByTestId('error-log').scrollIntoViewIfNeeded();
    await shoot(page, `${size}-run-all-error-log`);
    const running = await measure(page);
    fits(running);
    expect(running.resetCodes).toBeGreaterThan(0);
    // The close order running is the one shown chosen, and its card is in view.
    const serverRadio = page.getByRole('radio', { name: /^server/ });
    expect(await serverRadio.isChecked()).toBe(true);
    const card = await serverRadio.locator('xpath=..').boundingBox();
    expect(card!.y + card!.height).toBeLessThanOrEqual(height);

    await bridge.emitSnapshot(doneRunAll(1001));
    const step = page.getByRole('region', { name: 'Next step' });
    await step.waitFor();
    await step.scrollIntoViewIfNeeded();
    await shoot(page, `${size}-done`);
    fits(await measure(page));

    await page.getByLabel('Seconds per run', { exact: true }).fill('ten');
    await page.getByText('"ten" is not.', { exact: false }).waitFor();
    fits(await measure(page));
    expect(await page.getByLabel('Seconds per run', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await shoot(page, `${size}-wrong-field`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(page, `${size}-wrong-field-dark`);
    fits(await measure(page));

    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the form', () => {
  it('starts Run all on Enter in a field, and shows the answer under the buttons', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    const asked: string[] = [];
    await installBridge(page, windowsStandIn(asked));
    await page.goto(server.url);
    await page.getByTestId('state').waitFor();
    await page.getByLabel('Port', { exact: true }).fill('40001');
    await page.getByLabel('Port', { exact: true }).press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(asked).toContain('runAll');
    expect(asked).not.toContain('start');
    expect(await alert.textContent()).toContain('Not in this test.');
    // Under the buttons, in the side of the window that asked.
    expect(await alert.evaluate((e) => e.closest('.side') !== null)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/900x600-enter-answer.png` });
    await page.close();
  });
});
