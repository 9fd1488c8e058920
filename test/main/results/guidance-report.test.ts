import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../../src/main/results/bundle';
import { reportMarkdown } from '../../../src/main/results/markdown';
import { readResultsFile } from '../../../src/main/results/schema';
import type { ResultsDocument } from '../../../src/shared/contract';
import { GUIDANCE_TEXT } from '../../../src/shared/guidance';
import { readZip } from '../../helpers/zip';

// The results files kept as another machine sent them: a Windows 11 run of the five original
// orders (three exhausted, one reset, one ok) and a Debian run where all five are ok.
let windows: ResultsDocument;
let linux: ResultsDocument;
let folder: string;

beforeAll(async () => {
  windows = await readResultsFile('test/fixtures/results/windows-11.json');
  linux = await readResultsFile('test/fixtures/results/debian-12.json');
  folder = await mkdtemp(path.join(os.tmpdir(), 'sct-guidance-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** The "What to change in your code" section of a report, up to the next ## heading. */
function section(markdown: string): string {
  const start = markdown.indexOf('## What to change in your code');
  expect(start, 'the report has the section').toBeGreaterThanOrEqual(0);
  const next = markdown.indexOf('\n## ', start + 3);
  return markdown.slice(start, next === -1 ? undefined : next);
}

const ALARMS = [/ran out/i, /\bfail/i, /\breset\b/i, /remed/i, /SO_LINGER/, /netsh/, /Trade-off/];

describe('what to change, in the report of real results', () => {
  it('a report of an exhausted run names the cause and the remedy, with its trade-off', () => {
    const text = section(reportMarkdown([windows]));
    expect(text).toContain(`### exhausted: ${GUIDANCE_TEXT['guidance.exhausted.headline']}`);
    expect(text).toContain('TIME_WAIT assassination');
    expect(text).toContain(`**${GUIDANCE_TEXT['guidance.remedy.server-closes-first.title']}**`);
    expect(text).toContain(GUIDANCE_TEXT['guidance.remedy.server-closes-first.step.4']);
    expect(text).toContain(GUIDANCE_TEXT['guidance.remedy.abortive-close.tradeOff']);
    expect(text).toContain(GUIDANCE_TEXT['guidance.avoid.reuseaddr']);
    expect(text).toContain('`socketclosetest explain <result> --lang <language>`');
    // Its reset run is explained too; its ok run, beside the problems, is not.
    expect(text).toContain(`### reset: ${GUIDANCE_TEXT['guidance.reset.headline']}`);
    expect(text).not.toContain('### ok:');
    // The gravest first.
    expect(text.indexOf('### exhausted')).toBeLessThan(text.indexOf('### reset'));
  });

  it('a report of an all-ok run does not alarm', () => {
    const text = section(reportMarkdown([linux]));
    expect(text).toContain(`### ok: ${GUIDANCE_TEXT['guidance.ok.headline']}`);
    expect(text).toContain('--emulate-windows');
    for (const alarm of ALARMS) expect(text).not.toMatch(alarm);
  });

  it('the two machines side by side: the problems of one are explained', () => {
    const text = section(reportMarkdown([linux, windows]));
    expect(text).toContain('### exhausted');
    expect(text).not.toContain('### ok:');
  });

  it('the bundle carries the section in results.md and in its README', async () => {
    const exhausted = path.join(folder, 'windows.zip');
    await writeBundle(exhausted, { documents: [windows], logFiles: [] });
    const entries = await readZip(exhausted);
    const read = (name: string): string => entries.find((e) => e.name === name)!.bytes.toString('utf8');
    expect(section(read('results.md'))).toContain(GUIDANCE_TEXT['guidance.remedy.server-closes-first.title']);
    const readme = read('README.txt').replace(/\s+/g, ' ');
    expect(readme).toContain('What to change in your code');
    expect(readme).toContain(GUIDANCE_TEXT['guidance.exhausted.headline']);
    expect(readme).toContain(GUIDANCE_TEXT['guidance.remedy.server-closes-first.title']);

    const ok = path.join(folder, 'linux.zip');
    await writeBundle(ok, { documents: [linux], logFiles: [] });
    const okReadme = (await readZip(ok)).find((e) => e.name === 'README.txt')!.bytes.toString('utf8');
    const okText = okReadme.slice(okReadme.indexOf('What to change'));
    expect(okText).toContain(GUIDANCE_TEXT['guidance.ok.headline']);
    for (const alarm of ALARMS) expect(okText).not.toMatch(alarm);
  });

  it('a bundle of logs only says nothing about code', async () => {
    const file = path.join(folder, 'logs.zip');
    await writeBundle(file, { documents: [], logFiles: [], machine: linux.machine });
    const readme = (await readZip(file)).find((e) => e.name === 'README.txt')!.bytes.toString('utf8');
    expect(readme).not.toContain('What to change');
  });
});
