import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_RESULTS_FILE_BYTES,
  ResultsFileError,
  parseResultsDocument,
  readResultsFile,
} from '../../../src/main/results/schema';
import { linuxDocument, stoppedDocument, windowsDocument } from '../../fixtures/results/factory';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-schema-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function problem(text: string, source?: string): ResultsFileError {
  try {
    parseResultsDocument(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ResultsFileError);
    return error as ResultsFileError;
  }
  throw new Error('expected the text to be refused');
}

describe('parseResultsDocument', () => {
  it.each([
    ['windows', windowsDocument()],
    ['linux', linuxDocument()],
    ['stopped', stoppedDocument()],
  ])('round-trips the %s document unchanged', (_name, doc) => {
    expect(parseResultsDocument(JSON.stringify(doc, null, 2), 'results.json')).toEqual(doc);
  });

  it('opens a single-run file from the command line as a document of one run', () => {
    const doc = windowsDocument();
    const run = doc.runs[1]!;
    const single = {
      kind: 'socketclosetest-run',
      schemaVersion: 1,
      createdAt: doc.createdAt,
      app: doc.app,
      ...run,
    };
    expect(parseResultsDocument(JSON.stringify(single))).toEqual({
      kind: 'socketclosetest-results',
      schemaVersion: 1,
      createdAt: doc.createdAt,
      app: doc.app,
      machine: run.system,
      status: 'complete',
      runs: [run],
    });
    const stopped = { ...single, interrupted: true, stopReason: 'stopped' };
    expect(parseResultsDocument(JSON.stringify(stopped)).status).toBe('stopped');
    const broken = { ...single, connections: 'many' };
    expect(problem(JSON.stringify(broken), 'run.json').message).toBe(
      'run.json is damaged: connections should be a number.',
    );
    expect(problem(JSON.stringify({ ...single, schemaVersion: 3 }), 'run.json').reason).toBe('newer-version');
  });

  it("keeps each error's own close order, and reads files saved before errors had one", () => {
    const doc = windowsDocument();
    const run = doc.runs.find((r) => r.errors.length > 0)!;
    run.errors[0] = { ...run.errors[0]!, mode: run.mode };
    const parsed = parseResultsDocument(JSON.stringify(doc));
    const parsedRun = parsed.runs.find((r) => r.mode === run.mode)!;
    expect(parsedRun.errors[0]!.mode).toBe(run.mode);
    delete run.errors[0]!.mode;
    const old = parseResultsDocument(JSON.stringify(doc));
    expect(old.runs.find((r) => r.mode === run.mode)!.errors[0]).not.toHaveProperty('mode');
    run.errors[0] = { ...run.errors[0]!, mode: 'sideways' as never };
    expect(problem(JSON.stringify(doc)).message).toMatch(/errors\[0\]\.mode/);
  });

  it('accepts a file saved with a byte order mark, as Windows editors do', () => {
    const doc = windowsDocument();
    expect(parseResultsDocument(`\uFEFF${JSON.stringify(doc)}`)).toEqual(doc);
  });

  it('refuses JSON that is not a results file', () => {
    for (const text of ['[]', '42', 'null', '"text"', '{"kind":"something-else","schemaVersion":1}', '{}']) {
      const e = problem(text, 'results.json');
      expect(e.reason).toBe('not-results');
      expect(e.message).toBe('results.json is not a SocketCloseTest results file.');
    }
  });

  it('names a newer schema version', () => {
    const e = problem(JSON.stringify({ ...windowsDocument(), schemaVersion: 2 }), 'results.json');
    expect(e.reason).toBe('newer-version');
    expect(e.message).toBe(
      'results.json was written by a newer version (schema 2): update SocketCloseTest to open it.',
    );
  });

  it('refuses a missing or strange schema version', () => {
    const { schemaVersion: _drop, ...noVersion } = windowsDocument();
    expect(problem(JSON.stringify(noVersion)).message).toBe('The file has an unknown schema version (none).');
    expect(problem(JSON.stringify({ ...windowsDocument(), schemaVersion: '1' })).reason).toBe(
      'unknown-version',
    );
    expect(problem(JSON.stringify({ ...windowsDocument(), schemaVersion: 0 })).reason).toBe(
      'unknown-version',
    );
  });

  it('says a truncated file is cut short, at the line and column where it ends', () => {
    const text = JSON.stringify(windowsDocument(), null, 2);
    for (const cut of [1, 100, Math.floor(text.length / 2), text.length - 1]) {
      const e = problem(text.slice(0, cut), 'results.json');
      expect(e.reason).toBe('truncated');
      const kept = text.slice(0, cut).split('\n');
      expect(e.message).toBe(
        `results.json is cut short (the JSON ends early, at line ${kept.length}, column ${kept.at(-1)!.length + 1}): it may not have been copied completely.`,
      );
    }
  });

  it('tells invalid JSON in the middle apart from a truncation', () => {
    const e = problem('{"kind": "socketclosetest-results",, "x": 1}', 'a.json');
    expect(e.reason).toBe('invalid-json');
    expect(e.message).toBe('a.json is not valid JSON: "," at line 1, column 36 cannot be there.');
  });

  it('says where one bad token is, by line and column, not that the file is cut short', () => {
    const lines = JSON.stringify(windowsDocument(), null, 2).split('\n');
    lines[10] = lines[10]!.replace(': ', ': tru, ');
    const column = lines[10]!.indexOf('tru') + 1;
    const e = problem(lines.join('\n'), 'r.json');
    expect(e.reason).toBe('invalid-json');
    expect(e.message).toBe(`r.json is not valid JSON: "tru" at line 11, column ${column} cannot be there.`);
    // A trailing comma, a bad escape and a bare word, each where it is.
    expect(problem('{\n  "a": 1,\n}').message).toBe(
      'The file is not valid JSON: "}" at line 3, column 1 cannot be there.',
    );
    expect(problem('{"a": "\\x"}').message).toBe(
      'The file is not valid JSON: "x" at line 1, column 9 cannot be there.',
    );
    expect(problem('{"a": NaN}').message).toBe(
      'The file is not valid JSON: "NaN" at line 1, column 7 cannot be there.',
    );
  });

  it('says an empty file is empty', () => {
    expect(problem('  \n', 'a.json').message).toBe('a.json is empty.');
  });

  it('names the first wrong-typed field and counts the others', () => {
    const doc = windowsDocument() as unknown as { runs: Record<string, unknown>[] };
    doc.runs[0]!.connections = '16331';
    expect(problem(JSON.stringify(doc), 'r.json').message).toBe(
      'r.json is damaged: runs[0].connections should be a number.',
    );
    doc.runs[1]!.errors = 'none';
    doc.runs[2]!.mode = 'sideways';
    const e = problem(JSON.stringify(doc), 'r.json');
    expect(e.reason).toBe('invalid');
    expect(e.message).toBe(
      'r.json is damaged: runs[0].connections should be a number (and 2 more problems).',
    );
  });

  it('says which field is missing or out of range', () => {
    type Loose = { machine: Record<string, unknown>; runs: { errors: Record<string, unknown>[] }[] };
    // A copy through JSON, as a file would be: the factory shares one machine object between runs.
    const doc = JSON.parse(JSON.stringify(windowsDocument())) as Loose;
    delete doc.machine.hostname;
    expect(problem(JSON.stringify(doc)).message).toBe('The file is damaged: machine.hostname is missing.');
    const other = JSON.parse(JSON.stringify(windowsDocument())) as Loose;
    other.runs[0]!.errors[0]!.localPort = 70000;
    expect(problem(JSON.stringify(other)).message).toBe(
      'The file is damaged: runs[0].errors[0].localPort is out of range.',
    );
    const mode = windowsDocument() as unknown as { runs: Record<string, unknown>[] };
    mode.runs[0]!.outcome = 'fine';
    expect(problem(JSON.stringify(mode)).message).toBe(
      'The file is damaged: runs[0].outcome should be one of "ok", "no-connections", "exhausted", "reset", "error".',
    );
  });

  it('never lets prototype keys through', () => {
    const text = JSON.stringify(windowsDocument()).replace(
      '"errorCounts":{',
      '"errorCounts":{"__proto__":{"polluted":1},',
    );
    expect(text).toContain('__proto__');
    // JSON.parse makes "__proto__" an own key; the schema drops it instead of assigning it.
    const parsed = parseResultsDocument(text);
    const counts0 = parsed.runs[0]!.errorCounts;
    expect(Object.keys(counts0)).toEqual(['EADDRINUSE']);
    expect(Object.getPrototypeOf(counts0)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const counts = JSON.stringify(windowsDocument()).replace(
      '"errorCounts":{',
      '"errorCounts":{"constructor":3,',
    );
    expect(problem(counts).message).toBe(
      'The file is damaged: runs[0].errorCounts.constructor has a name that is not allowed.',
    );

    // An unknown "__proto__" member elsewhere is dropped, never merged into the result's prototype.
    const top = `{"__proto__":{"polluted":true},${JSON.stringify(windowsDocument()).slice(1)}`;
    const whole = parseResultsDocument(top);
    expect(Object.getPrototypeOf(whole)).toBe(Object.prototype);
    expect((whole as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(whole)).not.toContain('__proto__');
  });

  it('answers deeply nested input with a sentence, not a stack overflow', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(problem(deep).message).toBe(
      'The file is damaged: it is nested more than 32 levels deep (at line 1, column 33).',
    );
    const doc = JSON.stringify(windowsDocument()).replace(
      '"runs":[',
      `"runs":[${'['.repeat(200_000)}${']'.repeat(200_000)},`,
    );
    expect(problem(doc).message).toMatch(/^The file is damaged: it is nested more than 32 levels deep/);
  });

  it('refuses a flood of error codes before parsing it, naming the list', () => {
    const names = Array.from({ length: 200_000 }, (_, i) => `"${i.toString(36)}":0`).join(',');
    const text = JSON.stringify(windowsDocument()).replace('"errorCounts":{', `"errorCounts":{${names},`);
    const e = problem(text, 'flood.json');
    expect(e.reason).toBe('invalid');
    expect(e.message).toBe('flood.json is damaged: runs[0].errorCounts has more than 120 names.');
  });

  it('caps error codes and the lists of runs, errors and samples with a sentence', () => {
    const codes = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`E${i}`, 1]));
    const doc = windowsDocument();
    const many = { ...doc, runs: [{ ...doc.runs[0]!, errorCounts: codes }] };
    expect(problem(JSON.stringify(many)).message).toBe(
      'The file is damaged: runs[0].errorCounts has more than 100 error codes.',
    );
    const list = (n: number) => `[${'0,'.repeat(n - 1)}0]`;
    const samples = JSON.stringify(doc).replace(/"samples":\[/, `"samples":${list(100_001)},"x":[`);
    expect(problem(samples).message).toBe(
      'The file is damaged: runs[0].samples has more than 100,000 entries.',
    );
    const errors = JSON.stringify(doc).replace(/"errors":\[/, `"errors":${list(100_001)},"x":[`);
    expect(problem(errors).message).toBe(
      'The file is damaged: runs[0].errors has more than 100,000 entries.',
    );
    const runs = JSON.stringify(doc).replace(/"runs":\[/, `"runs":${list(1_001)},"x":[`);
    expect(problem(runs).message).toBe('The file is damaged: runs has more than 1,000 entries.');
    const flood = JSON.stringify(doc).replace(/"samples":\[/, `"samples":${list(200_001)},"x":[`);
    expect(problem(flood).message).toBe(
      'The file is damaged: runs[0].samples has more than 200,000 entries.',
    );
  });

  it('echoes at most a few dozen characters of a name from the file', () => {
    const key = 'K'.repeat(10_000_000);
    const text = JSON.stringify(windowsDocument()).replace('"errorCounts":{', `"errorCounts":{"${key}":1,`);
    const e = problem(text, 'long.json');
    expect(e.message).toBe(
      `long.json is damaged: runs[0].errorCounts.${'K'.repeat(31)}… has a name that is not allowed.`,
    );
    const names = Array.from({ length: 121 }, (_, i) => `"${i}":0`).join(',');
    const deep = JSON.stringify(windowsDocument()).replace('"machine":{', `"machine":{"${key}":{${names}},`);
    expect(problem(deep).message).toBe(
      `The file is damaged: machine.${'K'.repeat(31)}… has more than 120 names.`,
    );
  });

  it('drops unknown fields rather than carrying them along', () => {
    const doc = { ...windowsDocument(), extra: 'x' };
    expect(parseResultsDocument(JSON.stringify(doc))).toEqual(windowsDocument());
  });
});

describe('readResultsFile', () => {
  it('reads back what was written', async () => {
    const file = path.join(dir, 'windows.json');
    await writeFile(file, JSON.stringify(windowsDocument()));
    expect(await readResultsFile(file)).toEqual(windowsDocument());
  });

  it('refuses a 100 MB file without reading it', async () => {
    const file = path.join(dir, 'huge.json');
    // truncate(2) on an empty file makes it sparse: the size is real to stat, no blocks are written.
    await writeFile(file, '');
    await truncate(file, 100 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const error = await readResultsFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultsFileError);
    expect((error as ResultsFileError).message).toBe('huge.json is too large (100 MB; the limit is 50 MB).');
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses a file just over the limit with a figure above the limit', async () => {
    const file = path.join(dir, 'over.json');
    await writeFile(file, '');
    await truncate(file, MAX_RESULTS_FILE_BYTES + 1);
    await expect(readResultsFile(file)).rejects.toThrow(
      'over.json is too large (50.1 MB; the limit is 50 MB).',
    );
  });

  it('says a missing file or a folder plainly', async () => {
    await expect(readResultsFile(path.join(dir, 'nope.json'))).rejects.toThrow('nope.json was not found.');
    await mkdir(path.join(dir, 'folder.json'));
    await expect(readResultsFile(path.join(dir, 'folder.json'))).rejects.toThrow(
      'folder.json is a folder, not a results file.',
    );
  });

  it('names a truncated file on disk by its base name', async () => {
    const file = path.join(dir, 'cut.json');
    const text = JSON.stringify(linuxDocument());
    await writeFile(file, text.slice(0, 500));
    await expect(readResultsFile(file)).rejects.toThrow(
      /^cut\.json is cut short \(the JSON ends early, at line 1, column 501\)/,
    );
  });

  it('reads UTF-16 with a byte-order mark, as Windows PowerShell 5.1 writes with ">"', async () => {
    const text = JSON.stringify(windowsDocument(), null, 2);
    const le = path.join(dir, 'utf16le.json');
    await writeFile(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await readResultsFile(le)).toEqual(windowsDocument());
    const be = path.join(dir, 'utf16be.json');
    await writeFile(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    expect(await readResultsFile(be)).toEqual(windowsDocument());
    const bom = path.join(dir, 'utf8bom.json');
    await writeFile(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(await readResultsFile(bom)).toEqual(windowsDocument());
  });

  it('shortens a very long file name in its messages', async () => {
    const name = `${'n'.repeat(200)}.json`;
    const file = path.join(dir, name);
    await writeFile(file, '{"kind": 1}');
    const error = (await readResultsFile(file).catch((e: unknown) => e)) as ResultsFileError;
    expect(error.message).toBe(`${'n'.repeat(59)}… is not a SocketCloseTest results file.`);
  });
});

describe.runIf(process.platform !== 'win32')(
  'readResultsFile on what is not a file (POSIX: FIFOs and /dev/zero)',
  () => {
    it('refuses a FIFO without waiting for a writer, and the next read still works', async () => {
      const fifo = path.join(dir, 'pipe.json');
      execFileSync('mkfifo', [fifo]);
      await expect(readResultsFile(fifo)).rejects.toThrow(
        'pipe.json is not a regular file (it is a device, a pipe or a socket), so it was not read.',
      );
      // Several at once: a FIFO must not hold a file-system thread.
      await Promise.all(Array.from({ length: 8 }, () => expect(readResultsFile(fifo)).rejects.toThrow()));
      const file = path.join(dir, 'after.json');
      await writeFile(file, JSON.stringify(windowsDocument()));
      expect(await readResultsFile(file)).toEqual(windowsDocument());
    });

    it('refuses /dev/zero behind a link without reading it', async () => {
      const link = path.join(dir, 'zero.json');
      await symlink('/dev/zero', link);
      const before = process.memoryUsage().rss;
      const error = (await readResultsFile(link).catch((e: unknown) => e)) as ResultsFileError;
      expect(error).toBeInstanceOf(ResultsFileError);
      expect(error.reason).toBe('not-results');
      expect(error.message).toBe(
        'zero.json is not a regular file (it is a device, a pipe or a socket), so it was not read.',
      );
      expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
    });
  },
);
