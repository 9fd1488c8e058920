import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFileName, safeFileNamePart, writeBundle } from '../../../src/main/results/bundle';
import { reportMarkdown } from '../../../src/main/results/markdown';
import { errorsCsv, samplesCsv } from '../../../src/main/results/csv';
import { parseResultsDocument } from '../../../src/main/results/schema';
import { linuxDocument, linuxMachine, windowsDocument, windowsMachine } from '../../fixtures/results/factory';
import { entryBytes, readZip, type ZipEntry } from '../../helpers/zip';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-bundle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The archive is read back by yauzl, never by the library that wrote it (yazl): readZip also
// checks each entry against its CRC-32, as unzip -t does.
const names = (zip: readonly ZipEntry[]): string[] => zip.map((e) => e.name);
const text = (zip: readonly ZipEntry[], name: string): string => entryBytes(zip, name).toString('utf8');

describe('bundleFileName', () => {
  it('names the machine and the local date and time, with no spaces', () => {
    const date = new Date(2026, 10, 24, 7, 18, 44);
    expect(bundleFileName(windowsMachine(), date)).toBe('SocketCloseTest-DESKTOP-7Q2LM0-2026-11-24-0718.zip');
    expect(bundleFileName({ ...linuxMachine(), hostname: "Pépé's  PC / lab" }, date)).toBe(
      'SocketCloseTest-Pepe-s-PC-lab-2026-11-24-0718.zip',
    );
    expect(bundleFileName({ ...linuxMachine(), hostname: '' }, date)).toBe(
      'SocketCloseTest-machine-2026-11-24-0718.zip',
    );
    expect(bundleFileName({ ...linuxMachine(), hostname: '..\\..\\x' }, date)).toBe(
      'SocketCloseTest-x-2026-11-24-0718.zip',
    );
  });

  it('keeps file name parts short and safe', () => {
    expect(safeFileNamePart('a'.repeat(100), 'x')).toHaveLength(40);
    expect(safeFileNamePart('日本語', 'machine')).toBe('machine');
  });
});

describe('writeBundle', () => {
  it('holds the results in every form, the machine facts and the logs, and reads back whole', async () => {
    const logs = path.join(dir, 'logs');
    await mkdir(logs, { recursive: true });
    const mainLog = path.join(logs, 'main.log');
    const oldLog = path.join(logs, 'main.old.log');
    const runLog = path.join(dir, 'session.jsonl');
    await writeFile(mainLog, '[2026-11-24 07:18:04.123] [info] Started client on 127.0.0.1:40000\n');
    await writeFile(oldLog, '');
    // Random bytes do not compress: a real check that large data comes through whole.
    const big = randomBytes(3 * 1024 * 1024);
    await writeFile(runLog, big);
    const doc = windowsDocument();
    const imported = linuxDocument();
    const target = path.join(dir, bundleFileName(doc.machine, new Date(2026, 10, 24, 7, 18)));

    const written = await writeBundle(target, {
      documents: [doc, imported],
      logFiles: [mainLog, oldLog, path.join(logs, 'main.1.log'), runLog, dir],
      extra: { 'notes.txt': 'Seen on the office PC after the update.' },
    });

    expect(written.skippedLogs).toEqual([path.join(logs, 'main.1.log'), dir]);
    const zip = await readZip(target);
    const listed = names(zip);
    expect(listed).toEqual(written.entries);
    expect(listed).toEqual([
      'README.txt',
      'results.json',
      'results-2.json',
      'results.md',
      'errors.csv',
      'samples.csv',
      'errors-2.csv',
      'samples-2.csv',
      'machine-facts.json',
      'notes.txt',
      'logs/main.log',
      'logs/main.old.log',
      'logs/session.jsonl',
    ]);

    expect(parseResultsDocument(text(zip, 'results.json'))).toEqual(doc);
    expect(parseResultsDocument(text(zip, 'results-2.json'))).toEqual(imported);
    expect(text(zip, 'results.md')).toBe(reportMarkdown([doc, imported]));
    expect(text(zip, 'errors.csv')).toBe(errorsCsv(doc));
    expect(text(zip, 'samples-2.csv')).toBe(samplesCsv(imported));
    expect(JSON.parse(text(zip, 'machine-facts.json'))).toEqual(doc.machine);
    expect(text(zip, 'notes.txt')).toBe('Seen on the office PC after the update.');
    expect(text(zip, 'logs/main.log')).toContain('Started client');
    expect(text(zip, 'logs/main.old.log')).toBe('');
    const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    expect(sha(entryBytes(zip, 'logs/session.jsonl'))).toBe(sha(big));
    const readme = text(zip, 'README.txt');
    expect(readme).toContain('Machine: Windows 11 Pro (build 22631) on DESKTOP-7Q2LM0');
    expect(readme).toContain('- results.md: the results table');
    expect(readme).toContain('- logs/session.jsonl: a log file of the app');
  });

  it("names the sessions and close orders the results hold, and keeps every mode's samples", async () => {
    const target = path.join(dir, 'sources.zip');
    const doc = windowsDocument();
    await writeBundle(target, {
      documents: [doc],
      logFiles: [],
      sources: [
        {
          historyId: '2026-11-24T07-18-00-abc',
          createdAt: '2026-11-24T07:18:00.000+01:00',
          modes: ['client', 'graceful'],
        },
        { historyId: null, createdAt: '2026-11-24T08:02:30.000+01:00', modes: ['server'] },
      ],
    });
    const zip = await readZip(target);
    const readme = text(zip, 'README.txt');
    expect(readme).toContain('The results hold these runs (the newest of each close order):\r\n');
    expect(readme).toContain(
      '- client, graceful: from the session that ended 2026-11-24 07:18:00 (saved as 2026-11-24T07-18-00-abc)',
    );
    expect(readme).toContain(
      '- server: from the session that ended 2026-11-24 08:02:30 (not saved in the history)',
    );
    const withSamples = doc.runs.filter((r) => r.samples.length > 0).map((r) => r.mode);
    const csvModes = new Set(
      text(zip, 'samples.csv')
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0]),
    );
    expect([...csvModes].sort()).toEqual([...new Set(withSamples)].sort());
  });

  it('makes a bundle of logs and machine facts when there are no results', async () => {
    const target = path.join(dir, 'logs-only.zip');
    const written = await writeBundle(target, { documents: [], logFiles: [], machine: linuxMachine() });
    const zip = await readZip(target);
    expect(names(zip)).toEqual(['README.txt', 'machine-facts.json']);
    expect(written.entries).toEqual(['README.txt', 'machine-facts.json']);
    expect(text(zip, 'README.txt')).toContain('No results were included');
  });

  it('gives logs with the same name from different folders names of their own', async () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    await mkdir(a, { recursive: true });
    await mkdir(b, { recursive: true });
    await writeFile(path.join(a, 'main.log'), 'a');
    await writeFile(path.join(b, 'main.log'), 'b');
    const target = path.join(dir, 'same-names.zip');
    await writeBundle(target, {
      documents: [linuxDocument()],
      logFiles: [path.join(a, 'main.log'), path.join(b, 'main.log')],
    });
    const zip = await readZip(target);
    expect(names(zip).filter((n) => n.startsWith('logs/'))).toEqual(['logs/main.log', 'logs/main-2.log']);
    expect(text(zip, 'logs/main-2.log')).toBe('b');
  });

  it('refuses extra names that would escape or replace an entry, and writes nothing', async () => {
    const target = path.join(dir, 'refused.zip');
    for (const name of ['../evil.txt', 'results.json', 'logs/x.txt', '', '.hidden'])
      await expect(
        writeBundle(target, { documents: [linuxDocument()], logFiles: [], extra: { [name]: 'x' } }),
      ).rejects.toThrow('cannot be added to the bundle');
    await expect(writeBundle(target, { documents: [], logFiles: [] })).rejects.toThrow(
      'A diagnostics bundle needs results or the machine facts.',
    );
    expect((await readdir(dir)).filter((n) => n.includes('refused'))).toEqual([]);
  });
});
