/** The files `watch` grows as polls come: in order, bounded, and what was written kept on a failure. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSink, StdoutSink } from '../../../src/main/cli/watch-files';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'sct-watch-files-'));

describe('watch output files', () => {
  it('writes the header and every poll in order, complete once closed', async () => {
    const file = join(tmp(), 'polls.csv');
    const sink = await FileSink.create(file, { header: 'h\n' });
    for (let i = 0; i < 500; i++) expect(sink.append(`${i}\n`)).toBe(true);
    await sink.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('h');
    expect(lines.slice(1, -1)).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
    expect(sink.failure).toBeNull();
    expect(sink.dropped).toBe(0);
  });

  it('empties a file that was there before', async () => {
    const file = join(tmp(), 'polls.jsonl');
    const first = await FileSink.create(file);
    first.append('old\n');
    await first.close();
    const second = await FileSink.create(file);
    second.append('new\n');
    await second.close();
    expect(readFileSync(file, 'utf8')).toBe('new\n');
  });

  it('leaves polls out, counted, when more is queued than the cap, and never cuts one', async () => {
    const file = join(tmp(), 'polls.jsonl');
    const sink = await FileSink.create(file, { limitBytes: 100 });
    const line = `${'x'.repeat(39)}\n`;
    // Appended in one go: the first write has not finished when the rest come.
    const taken = Array.from({ length: 10 }, () => sink.append(line));
    await sink.close();
    expect(taken.filter(Boolean).length).toBeLessThan(10);
    expect(sink.dropped).toBe(taken.filter((t) => !t).length);
    expect(readFileSync(file, 'utf8')).toBe(line.repeat(taken.filter(Boolean).length));
  });

  it('says in a sentence why a file cannot be made', async () => {
    const file = join(tmp(), 'missing', 'polls.jsonl');
    await expect(FileSink.create(file)).rejects.toThrow(
      /^Could not save .*polls\.jsonl: the folder .*missing does not exist\.$/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('on standard output, leaves polls out while the reader is behind', () => {
    const out: string[] = [];
    let backlog = 0;
    const sink = new StdoutSink(
      (text) => out.push(text),
      () => backlog,
      10,
    );
    expect(sink.append('a\n')).toBe(true);
    backlog = 11;
    expect(sink.append('b\n')).toBe(false);
    backlog = 0;
    expect(sink.append('c')).toBe(true);
    expect(out).toEqual(['a', 'c']);
    expect(sink.dropped).toBe(1);
  });

  // /dev/full exists on Linux only: every write to it fails as on a full disk.
  it.runIf(process.platform === 'linux')('a full disk ends the file with a sentence (Linux)', async () => {
    const failures: string[] = [];
    const sink = await FileSink.create('/dev/full', { onFailure: (s) => failures.push(s) });
    sink.append('a poll\n');
    await sink.close();
    expect(failures).toEqual(['Could not save /dev/full: the disk is full.']);
    expect(sink.failure).toBe('Could not save /dev/full: the disk is full.');
    expect(sink.append('another\n')).toBe(false);
  });
});
