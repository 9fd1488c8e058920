import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../../src/main/results/bundle';
import { errorsCsv } from '../../../src/main/results/csv';
import { reportMarkdown, resultsTableMarkdown } from '../../../src/main/results/markdown';
import { readResultsOrRunLogs } from '../../../src/main/results/results-or-run-logs';
import { linuxDocument, windowsDocument, windowsMachine } from '../../fixtures/results/factory';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-bundle-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeZip(name: string, entries: [string, Buffer | string][]): Promise<string> {
  const file = path.join(dir, name);
  const zip = new ZipFile();
  for (const [entry, data] of entries) zip.addBuffer(Buffer.from(data), entry);
  zip.end();
  await pipeline(zip.outputStream as Readable, createWriteStream(file));
  return file;
}

/** The offset of the first central-directory record (PK\1\2) of a .zip's bytes. */
function centralRecord(bytes: Buffer): number {
  const at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  expect(at).toBeGreaterThan(0);
  return at;
}

async function problemOf(file: string): Promise<string> {
  const { documents, problems } = await readResultsOrRunLogs([file]);
  expect(documents).toEqual([]);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('reading a diagnostics bundle', () => {
  it('reads the results of a bundle the app wrote, whatever the file is called', async () => {
    const file = path.join(dir, 'SocketCloseTest-DESKTOP-7Q2LM0-2026-11-24-0718.zip');
    const log = path.join(dir, 'main.log');
    await writeFile(log, '[2026-11-24 07:18:04.123] [info] Started\n');
    await writeBundle(file, { documents: [windowsDocument(), linuxDocument()], logFiles: [log] });
    const read = await readResultsOrRunLogs([file]);
    expect(read.problems).toEqual([]);
    expect(read.documents).toEqual([windowsDocument(), linuxDocument()]);

    // Renamed by a mail program: the first bytes say it is a .zip.
    const renamed = path.join(dir, 'attachment.dat');
    await writeFile(renamed, await readFile(file));
    expect((await readResultsOrRunLogs([renamed])).documents).toEqual([windowsDocument(), linuxDocument()]);
  });

  it('says a bundle of logs only has no results, and a zip of other things is not a bundle', async () => {
    const logsOnly = path.join(dir, 'logs-only.zip');
    await writeBundle(logsOnly, { documents: [], logFiles: [], machine: windowsMachine() });
    expect(await problemOf(logsOnly)).toBe(
      'logs-only.zip is a diagnostics bundle without results (only the machine facts and the logs): ask for one saved after a test has run.',
    );
    const other = await writeZip('holiday.zip', [['photo.txt', 'not results']]);
    expect(await problemOf(other)).toMatch(
      /^holiday\.zip holds no SocketCloseTest results \(there is no results\.json in it\)/,
    );
  });

  it('refuses a zip bomb by the size it declares, before inflating it', async () => {
    // 60 MB of zeros packs into about 60 KB.
    const bomb = await writeZip('bomb.zip', [['results.json', Buffer.alloc(60 * 1024 * 1024)]]);
    const started = process.memoryUsage().rss;
    expect(await problemOf(bomb)).toBe(
      'results.json in bomb.zip would unpack to 60 MB, more than a results file may hold (50 MB): the .zip is damaged or not a diagnostics bundle.',
    );
    expect(process.memoryUsage().rss - started).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses an entry that inflates past the size it declares', async () => {
    const file = await writeZip('liar.zip', [['results.json', Buffer.alloc(1024 * 1024, 0x20)]]);
    const bytes = await readFile(file);
    const record = centralRecord(bytes);
    bytes.writeUInt32LE(100, record + 24); // the uncompressed size it claims
    await writeFile(file, bytes);
    expect(await problemOf(file)).toBe(
      'liar.zip is damaged (a file in it is not the size it claims): it may not have been copied completely.',
    );
  });

  it('checks each results entry against its CRC-32', async () => {
    const file = await writeZip('flipped.zip', [['results.json', JSON.stringify(windowsDocument())]]);
    const bytes = await readFile(file);
    const record = centralRecord(bytes);
    bytes.writeUInt32LE((bytes.readUInt32LE(record + 16) ^ 1) >>> 0, record + 16);
    await writeFile(file, bytes);
    expect(await problemOf(file)).toBe(
      'results.json in flipped.zip does not match its checksum: the .zip is damaged, perhaps not copied completely.',
    );
  });

  it('says a password-protected results entry cannot be read', async () => {
    const file = await writeZip('locked.zip', [['results.json', JSON.stringify(windowsDocument())]]);
    const bytes = await readFile(file);
    // The "encrypted" flag, in the central directory and in the local header.
    const record = centralRecord(bytes);
    bytes.writeUInt16LE(bytes.readUInt16LE(record + 8) | 1, record + 8);
    bytes.writeUInt16LE(bytes.readUInt16LE(6) | 1, 6);
    await writeFile(file, bytes);
    expect(await problemOf(file)).toBe(
      'results.json in locked.zip is password-protected, so it cannot be read: ask for the diagnostics .zip as SocketCloseTest saved it.',
    );
  });

  it('says a bundle cut short is cut short, and names a damaged results entry', async () => {
    const whole = path.join(dir, 'whole.zip');
    await writeBundle(whole, { documents: [windowsDocument()], logFiles: [] });
    const bytes = await readFile(whole);
    const cut = path.join(dir, 'half.zip');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await problemOf(cut)).toBe(
      'half.zip is damaged or cut short (its table of contents is missing): it may not have been copied completely.',
    );
    const damaged = await writeZip('edited.zip', [
      ['results.json', '{"kind": "socketclosetest-results", "schemaVersion": 1'],
    ]);
    expect(await problemOf(damaged)).toMatch(/^results\.json in edited\.zip is cut short/);
  });

  it('refuses a zip of far more files than a bundle holds, before reading them', async () => {
    const file = await writeZip('many.zip', [['a.txt', 'a']]);
    const bytes = await readFile(file);
    // The end record's two entry counts: what a zip of 60,000 files would say.
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bytes.writeUInt16LE(60_000, end + 8);
    bytes.writeUInt16LE(60_000, end + 10);
    await writeFile(file, bytes);
    expect(await problemOf(file)).toBe(
      'many.zip holds 60,000 files, far more than a diagnostics bundle: it is not one.',
    );
  });
});

describe('files that are not results', () => {
  const cases: [string, string, RegExp][] = [
    [
      'report.md',
      reportMarkdown([windowsDocument()]),
      /: it is a Markdown report, for reading: import the results \.json or the diagnostics \.zip instead\.$/,
    ],
    ['table.md', resultsTableMarkdown([windowsDocument()]), /: it is a results table in Markdown/],
    ['errors.csv', errorsCsv(windowsDocument()), /: it is the errors table \(CSV\)/],
    [
      'README.txt',
      'SocketCloseTest diagnostics bundle\r\n\r\nMachine: x\r\n',
      /: it is the README of a diagnostics bundle: import the \.zip itself\.$/,
    ],
    ['notes.txt', 'ten connections, then it failed', /: it is plain text, not JSON/],
    ['main.log', '[2026-11-24 07:18:04.123] [info] Started\n', /: it is the app's log file/],
    ['pasted.rtf', '{\\rtf1\\ansi {\\fonttbl} | mode | client |}', /: it is a rich-text \(RTF\) document/],
    ['machine-facts.json', JSON.stringify(windowsMachine()), /: it holds a machine's facts/],
  ];
  it.each(cases)('%s says what it is and what to import instead', async (name, text, expected) => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    const problem = await problemOf(file);
    expect(problem.startsWith(`${name} is not a SocketCloseTest results file: `)).toBe(true);
    expect(problem).toMatch(expected);
    expect(problem).not.toMatch(/cut short|not valid JSON/);
  });
});
