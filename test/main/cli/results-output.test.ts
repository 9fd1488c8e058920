import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputError, samplesPathFor, writeOutputs } from '../../../src/main/cli/results-output';
import { errorsCsv, samplesCsv } from '../../../src/main/results/csv';
import { reportMarkdown } from '../../../src/main/results/markdown';
import { readResultsFile } from '../../../src/main/results/schema';
import { windowsDocument } from '../../fixtures/results/factory';

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

  it('says plainly when a folder is missing, and writes none of the set', async () => {
    const json = path.join(dir, 'ok.json');
    const markdown = path.join(dir, 'no-such-folder', 'r.md');
    await expect(writeOutputs(windowsDocument(), { json, markdown })).rejects.toThrow(
      `Could not save ${markdown}: the folder ${path.dirname(markdown)} does not exist.`,
    );
    expect(await readdir(dir)).not.toContain('ok.json');
  });
});
