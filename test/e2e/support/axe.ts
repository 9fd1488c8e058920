/**
 * axe-core, the accessibility rules engine, run on the window as it stands, once with the system's
 * light colours and once with its dark ones (the window follows prefers-color-scheme). Each state's
 * violations are kept by impact and written to one report; a test fails on a critical or serious one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { nextFrame } from './in-page';

export type Impact = 'critical' | 'serious' | 'moderate' | 'minor';
const IMPACTS: Impact[] = ['critical', 'serious', 'moderate', 'minor'];
export type Scheme = 'light' | 'dark';

export interface Violation {
  rule: string;
  impact: Impact;
  help: string;
  /** The elements it was found on (CSS selectors), with axe's own summary of what is wrong. */
  nodes: { target: string; summary: string }[];
}

export interface AxeCheck {
  state: string;
  scheme: Scheme;
  /** How long axe took. */
  ms: number;
  counts: Record<Impact, number>;
  violations: Violation[];
}

/** The checks of one walk, written out as they come, so a failed walk still leaves its report. */
export class AxeReport {
  readonly checks: AxeCheck[] = [];
  constructor(private readonly path: string) {}

  /** Checks the page in light and dark, then puts the colour scheme back as it was (light). */
  async check(page: Page, state: string): Promise<AxeCheck[]> {
    const found: AxeCheck[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // Two frames: the chart draws again in the new colours before axe reads them.
      await page.evaluate(nextFrame);
      await page.evaluate(nextFrame);
      const started = Date.now();
      // Only the violations in detail: passes and the rest, which nothing here reads, take as long again.
      const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
      const ms = Date.now() - started;
      const violations: Violation[] = results.violations.map((v) => ({
        rule: v.id,
        impact: (v.impact ?? 'minor') as Impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: n.target.map(String).join(' '),
          summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
        })),
      }));
      const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0])) as Record<Impact, number>;
      for (const v of violations) counts[v.impact] += v.nodes.length;
      found.push({ state, scheme, ms, counts, violations });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    this.checks.push(...found);
    this.write();
    return found;
  }

  /** The critical and serious violations so far, one line each, for a failure message. */
  blocking(): string[] {
    return this.checks.flatMap((c) =>
      c.violations
        .filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .flatMap((v) =>
          v.nodes.map((n) => `${c.state} (${c.scheme}): ${v.impact} ${v.rule} on ${n.target}: ${n.summary}`),
        ),
    );
  }

  write(): void {
    const totals = Object.fromEntries(IMPACTS.map((i) => [i, 0])) as Record<Impact, number>;
    for (const c of this.checks) for (const i of IMPACTS) totals[i] += c.counts[i];
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(
      this.path,
      `${JSON.stringify(
        {
          tool: 'axe-core',
          totals,
          byState: this.checks.map(({ state, scheme, ms, counts }) => ({ state, scheme, ms, ...counts })),
          checks: this.checks,
        },
        null,
        2,
      )}\n`,
    );
  }
}
