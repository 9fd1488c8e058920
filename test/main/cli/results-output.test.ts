import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OutputError,
  checkTargets,
  samplesPathFor,
  writeOutputs,
} from '../../../src/main/cli/results-output';
import { errorsCsv, samplesCsv } from '../../../src/main/results/csv';
import { reportMarkdown } from '../../../src/main/results/markdown';
import { readResultsFile } from '../../../src/main/results/schema';
import { windowsDocument } from '../../fixtures/results/factory';
import { CLI_PATH } from '../../helpers/engine';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-outputs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('samplesPathFor', () => {
  it('puts -samples before the extension', () => {
    expect(samplesPathFor('out/errors.csv')).toBe('out/errors-samples.csv');
    expect(samplesPathFor('out/errors')).toBe('out/errors-samples.csv');
    expect(samplesPathFor('out.d/errors.txt')).toBe('out.d/errors-samples.txt');
  });
});

describe('writeOutputs', () => {
  it('writes each form asked for, and the JSON reads back as the same document', async () => {
    const doc = windowsDocument();
    const json = path.join(dir, 'r.json');
    const markdown = path.join(dir, 'r.md');
    const csv = path.join(dir, 'r.csv');
    expect(await writeOutputs(doc, { json, markdown, csv })).toEqual([
      json,
      markdown,
      csv,
      path.join(dir, 'r-samples.csv'),
    ]);
    expect(await readResultsFile(json)).toEqual(doc);
    expect(await readFile(markdown, 'utf8')).toBe(reportMarkdown([doc]));
    expect(await readFile(csv, 'utf8')).toBe(errorsCsv(doc));
    expect(await readFile(path.join(dir, 'r-samples.csv'), 'utf8')).toBe(samplesCsv(doc));
  });

  it('writes nothing when no form is asked for', async () => {
    expect(await writeOutputs(windowsDocument(), {})).toEqual([]);
  });

  it('refuses targets that name the same file before writing anything', async () => {
    const same = path.join(dir, 'same.csv');
    await expect(writeOutputs(windowsDocument(), { json: same, csv: same })).rejects.toThrow(
      new OutputError(`--json and --csv would both write ${same}: choose different files.`),
    );
    const samples = path.join(dir, 'x-samples.csv');
    await expect(
      writeOutputs(windowsDocument(), { markdown: samples, csv: path.join(dir, 'x.csv') }),
    ).rejects.toThrow(`--markdown and --csv (samples) would both write ${samples}`);
    expect((await readdir(dir)).filter((n) => n.startsWith('same') || n.startsWith('x'))).toEqual([]);
  });

  it('says plainly when a folder is missing, and still writes the rest of the set', async () => {
    const json = path.join(dir, 'ok.json');
    const markdown = path.join(dir, 'no-such-folder', 'r.md');
    const failed = await writeOutputs(windowsDocument(), { json, markdown }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OutputError);
    expect((failed as OutputError).message).toBe(
      `Could not save ${markdown}: the folder ${path.dirname(markdown)} does not exist.`,
    );
    expect((failed as OutputError).written).toEqual([json]);
    expect(await readdir(dir)).toContain('ok.json');
  });
});

describe('checkTargets, before a run', () => {
  it('names every target that cannot be written: a folder, a folder name, a missing folder', async () => {
    const existing = await mkdtemp(path.join(dir, 'existing-'));
    const missing = `${path.join(dir, 'not-made-yet')}${path.sep}`;
    const noFolder = path.join(dir, 'nowhere', 'r.csv');
    const failed = await checkTargets({ json: existing, markdown: missing, csv: noFolder }).catch(
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(OutputError);
    expect((failed as OutputError).message.split('\n')).toEqual([
      `Could not save ${existing}: it is a folder.`,
      `Could not save ${missing}: it names a folder; give a file name.`,
      `Could not save ${noFolder}: the folder ${path.dirname(noFolder)} does not exist.`,
      `Could not save ${samplesPathFor(noFolder)}: the folder ${path.dirname(noFolder)} does not exist.`,
    ]);
    expect(await readdir(existing)).toEqual([]);
  });

  it('the command line refuses them before anything runs, with exit code 2', async () => {
    const existing = await mkdtemp(path.join(dir, 'cli-'));
    const child = spawn(
      process.execPath,
      [
        CLI_PATH,
        'server',
        '--duration',
        '30',
        '--json',
        existing,
        '--markdown',
        `${existing}${path.sep}missing${path.sep}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain(`Could not save ${existing}: it is a folder.`);
    expect(stderr).toContain('it names a folder; give a file name.');
    expect(stderr).not.toContain('part of the path is a file');
  });
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe.runIf(process.platform === 'linux' && isRoot)(
  'a read-only disk and a full disk (Linux, root: small tmpfs mounts make them)',
  () => {
    async function withTmpfs(options: string, use: (folder: string) => Promise<void>): Promise<void> {
      const folder = await mkdtemp(path.join(dir, 'tmpfs-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', folder]);
      try {
        await use(folder);
      } finally {
        execFileSync('umount', [folder]);
      }
    }

    it('refuses a read-only location before the run', async () => {
      await withTmpfs('ro,size=64k', async (folder) => {
        const json = path.join(folder, 'r.json');
        await expect(checkTargets({ json })).rejects.toThrow(
          `Could not save ${json}: the disk is read-only.`,
        );
      });
    });

    it('a JSON that does not fit still leaves the Markdown and CSV that do, and says so', async () => {
      await withTmpfs('size=64k', async (folder) => {
        // 40 KB of the 64 KB taken: the 43 KB JSON cannot fit, the 6 KB Markdown and CSVs can.
        await writeFile(path.join(folder, 'filler'), Buffer.alloc(40 * 1024, 1));
        const doc = windowsDocument();
        const [json, markdown, csv] = ['r.json', 'r.md', 'r.csv'].map((n) => path.join(folder, n)) as [
          string,
          string,
          string,
        ];
        const failed = await writeOutputs(doc, { json, markdown, csv }).catch((e: unknown) => e);
        expect(failed).toBeInstanceOf(OutputError);
        expect((failed as OutputError).message).toBe(`Could not save ${json}: the disk is full.`);
        expect((failed as OutputError).written).toEqual([markdown, csv, samplesPathFor(csv)]);
        expect(await readFile(markdown, 'utf8')).toBe(reportMarkdown([doc]));
        expect(await readFile(csv, 'utf8')).toBe(errorsCsv(doc));
        expect((await readdir(folder)).sort()).toEqual(['filler', 'r-samples.csv', 'r.csv', 'r.md']);
      });
    });
  },
);
