import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompareCommand } from '../../../src/main/cli/compare-command';
import { writeBundle } from '../../../src/main/results/bundle';
import { reportMarkdown } from '../../../src/main/results/markdown';
import { linuxDocument, windowsDocument } from '../../fixtures/results/factory';

const WINDOWS = 'test/fixtures/results/windows-11.json';
const LINUX = 'test/fixtures/results/debian-12.json';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-compare-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function compare(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCompareCommand(argv, {
    stdout: (text) => (stdout += `${text}\n`),
    stderr: (text) => (stderr += `${text}\n`),
  });
  return { code, stdout, stderr };
}

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/Error:/);
}

describe('compare', () => {
  it('prints the golden table, a column per file', async () => {
    const { code, stdout, stderr } = await compare(WINDOWS, LINUX);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(await readFile('test/fixtures/results/golden-table.md', 'utf8'));
  });

  it('prints the whole report with --report', async () => {
    const { code, stdout } = await compare('--report', WINDOWS, LINUX);
    expect(code).toBe(0);
    expect(stdout).toBe(reportMarkdown([windowsDocument(), linuxDocument()]));
  });

  it('takes a single-run file written by the command line', async () => {
    const doc = linuxDocument();
    const run = doc.runs[3]!;
    const file = path.join(dir, 'one-run.json');
    await writeFile(
      file,
      JSON.stringify({
        kind: 'socketclosetest-run',
        schemaVersion: 1,
        createdAt: doc.createdAt,
        app: doc.app,
        ...run,
      }),
    );
    const { code, stdout } = await compare(WINDOWS, file);
    expect(code).toBe(0);
    expect(stdout).toContain('| simultaneous | WSAEADDRINUSE after 16,289 connections | ok |');
    expect(stdout).toContain('| server | ok | not run |');
  });

  it('stops at bad files with one sentence each, exit code 2 and nothing on stdout', async () => {
    const text = await readFile(WINDOWS, 'utf8');
    const cut = path.join(dir, 'cut.json');
    await writeFile(cut, text.slice(0, 1000));
    const newer = path.join(dir, 'newer.json');
    await writeFile(newer, text.replace('"schemaVersion": 1', '"schemaVersion": 2'));
    const other = path.join(dir, 'package.json');
    await writeFile(other, '{"name":"x"}');
    const wrong = path.join(dir, 'wrong.json');
    await writeFile(wrong, text.replace('"connections": 22000', '"connections": "22000"'));
    const { code, stdout, stderr } = await compare(
      LINUX,
      cut,
      newer,
      other,
      wrong,
      path.join(dir, 'gone.json'),
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      'cut.json is cut short (the JSON ends early, at line 44, column 24): it may not have been copied completely.',
      'newer.json was written by a newer version (schema 2): update SocketCloseTest to open it.',
      'package.json is not a SocketCloseTest results file.',
      'wrong.json is damaged: runs[0].connections should be a number.',
      'gone.json was not found.',
    ]);
    expectNoStackTrace(stderr);
  });

  it('reads the diagnostics .zip as sent, and says what a Markdown report is', async () => {
    const zip = path.join(dir, 'SocketCloseTest-DESKTOP-7Q2LM0-2026-11-24-0718.zip');
    await writeBundle(zip, { documents: [windowsDocument()], logFiles: [] });
    const both = await compare(zip, LINUX);
    expect(both.stderr).toBe('');
    expect(both.code).toBe(0);
    expect(both.stdout).toBe(await readFile('test/fixtures/results/golden-table.md', 'utf8'));

    const report = path.join(dir, 'results.md');
    await writeFile(report, reportMarkdown([windowsDocument()]));
    const refused = await compare(zip, report);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trimEnd()).toBe(
      'results.md is not a SocketCloseTest results file: it is a Markdown report, for reading: import the results .json or the diagnostics .zip instead.',
    );
  });

  it('answers bad usage with the usage and exit code 2', async () => {
    const none = await compare();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^compare needs at least one results file\.\nUsage: socketclosetest compare/);
    const unknown = await compare('--colour', WINDOWS);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown option "--colour" for compare\./);
    const help = await compare('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: socketclosetest compare/);
  });
});
