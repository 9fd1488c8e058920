import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileReadError, openRegularFile, readBounded } from '../../../src/main/results/read-bounded';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openRegularFile', () => {
  it('opens a regular file for a streaming reader, with its size', async () => {
    const file = path.join(dir, 'log.jsonl');
    await writeFile(file, '{"type":"open"}\n');
    const { handle, size } = await openRegularFile(file, { limit: 100, source: 'log.jsonl' });
    try {
      expect(size).toBe(16);
      expect((await handle.readFile()).toString()).toBe('{"type":"open"}\n');
    } finally {
      await handle.close();
    }
  });

  it('refuses a folder and a file over the limit with a reason', async () => {
    const folder = path.join(dir, 'folder.jsonl');
    await mkdir(folder);
    const e = (await openRegularFile(folder, { limit: 100, source: 'folder.jsonl', noun: 'run log' }).catch(
      (error: unknown) => error,
    )) as FileReadError;
    expect(e).toBeInstanceOf(FileReadError);
    expect([e.reason, e.message]).toEqual(['folder', 'folder.jsonl is a folder, not a run log.']);
    const file = path.join(dir, 'big.txt');
    await writeFile(file, 'x'.repeat(101));
    const over = (await readBounded(file, { limit: 100, source: 'big.txt' }).catch(
      (error: unknown) => error,
    )) as FileReadError;
    expect(over.reason).toBe('too-large');
    expect((await readBounded(file, { limit: 101, source: 'big.txt' })).length).toBe(101);
  });
});

describe.runIf(process.platform !== 'win32')('openRegularFile on a FIFO (POSIX: FIFOs and /dev/zero)', () => {
  it('refuses it at once', async () => {
    const fifo = path.join(dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    await expect(openRegularFile(fifo, { limit: 100, source: 'pipe.jsonl' })).rejects.toThrow(
      'pipe.jsonl is not a regular file (it is a device, a pipe or a socket), so it was not read.',
    );
  });
});
