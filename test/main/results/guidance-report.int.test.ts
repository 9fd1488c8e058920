import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDANCE_TEXT } from '../../../src/shared/guidance';
import { CLI_PATH } from '../../helpers/engine';

/** Runs the built command line, as a user would, and answers the Markdown report it wrote. */
function report(mode: string, ...args: string[]): { markdown: string; outcome: string } {
  const folder = mkdtempSync(join(tmpdir(), 'sct-guidance-'));
  const markdown = join(folder, `${mode}.md`);
  const json = join(folder, `${mode}.json`);
  const run = spawnSync(
    process.execPath,
    [CLI_PATH, mode, '--port', '40000', '--emulate-windows', '--port-range', '50000-50015', ...args].concat([
      '--markdown',
      markdown,
      '--json',
      json,
    ]),
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(run.status, run.stderr).toBe(0);
  return {
    markdown: readFileSync(markdown, 'utf8'),
    outcome: JSON.parse(readFileSync(json, 'utf8')).outcome,
  };
}

describe.runIf(process.platform === 'linux')(
  'what to change, in the reports of runs where Windows’ port shortage is reproduced (Linux only: a network namespace with 16 ports)',
  () => {
    it('the client-first run ends exhausted and its report names the remedy', () => {
      const { markdown, outcome } = report('client', '--duration', '5');
      expect(outcome).toBe('exhausted');
      expect(markdown).toContain('## What to change in your code');
      expect(markdown).toContain(GUIDANCE_TEXT['guidance.exhausted.headline']);
      expect(markdown).toContain(GUIDANCE_TEXT['guidance.remedy.server-closes-first.title']);
      expect(markdown).toContain(GUIDANCE_TEXT['guidance.remedy.abortive-close.title']);
    });

    it('the fixed order (the client asks the server to close) ends ok and its report does not alarm', () => {
      const { markdown, outcome } = report('workaround', '--duration', '1', '--connections', '500');
      expect(outcome).toBe('ok');
      const section = markdown.slice(markdown.indexOf('## What to change in your code'));
      expect(section).toContain(GUIDANCE_TEXT['guidance.ok.headline']);
      expect(section).not.toMatch(/ran out|remed|Trade-off|SO_LINGER|netsh/i);
    });
  },
);
