import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMP_PREFIX, removeStaleTemps, writeFileAtomic } from '../../../src/main/results/atomic-write';

let dir: string;
let writer: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-atomic-'));
  // The child runs the real module, built the way the app builds it.
  await build({
    entryPoints: [path.resolve('src/main/results/atomic-write.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: path.join(dir, 'atomic-write.mjs'),
    logLevel: 'warning',
  });
  writer = path.join(dir, 'writer.mjs');
  await writeFile(
    writer,
    `import { writeFileAtomic } from './atomic-write.mjs';
const chunk = Buffer.alloc(1024 * 1024, 0x61);
async function* huge() {
  for (let i = 1; i <= 256; i++) {
    yield chunk;
    if (i === 16) process.stdout.write('writing\\n');
    // Past the announcement, slow down so the kill lands mid-file without filling the disk.
    if (i >= 16) await new Promise((r) => setTimeout(r, 50));
  }
}
await writeFileAtomic(process.argv[2], huge());
process.stdout.write('finished\\n');
`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tempsIn(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((n) => n.startsWith(TEMP_PREFIX));
}

describe('writeFileAtomic', () => {
  it('writes text and bytes, replacing what was there', async () => {
    const target = path.join(dir, 'plain.json');
    await writeFileAtomic(target, 'first');
    expect(await readFile(target, 'utf8')).toBe('first');
    await writeFileAtomic(target, new TextEncoder().encode('second'));
    expect(await readFile(target, 'utf8')).toBe('second');
    expect(await tempsIn(dir)).toEqual([]);
  });

  it('writes a stream of chunks', async () => {
    const target = path.join(dir, 'stream.txt');
    async function* parts(): AsyncGenerator<string | Uint8Array> {
      yield 'a,';
      yield Buffer.from('b,');
      yield 'c';
    }
    await writeFileAtomic(target, parts());
    expect(await readFile(target, 'utf8')).toBe('a,b,c');
  });

  it('leaves the previous file and no temporary file when the data fails midway', async () => {
    const target = path.join(dir, 'failing.json');
    await writeFile(target, 'previous');
    async function* broken(): AsyncGenerator<string> {
      yield 'half of a new fi';
      throw new Error('the source broke');
    }
    await expect(writeFileAtomic(target, broken())).rejects.toThrow('the source broke');
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await tempsIn(dir)).toEqual([]);
  });

  it('fails without creating anything when the folder does not exist', async () => {
    const target = path.join(dir, 'missing', 'x.json');
    await expect(writeFileAtomic(target, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves the previous file intact when the writing process is killed midway', async () => {
    const target = path.join(dir, 'results.json');
    await writeFile(target, '{"previous":true}');
    const child = spawn(process.execPath, [writer, target], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('writing')) resolve();
      });
      child.on('exit', () => reject(new Error(`the writer ended before it was killed: ${stderr}`)));
    });
    const temps = await tempsIn(dir);
    expect(temps).toHaveLength(1);
    const partial = (await stat(path.join(dir, temps[0]!))).size;
    expect(partial).toBeGreaterThanOrEqual(16 * 1024 * 1024);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(await readFile(target, 'utf8')).toBe('{"previous":true}');
    // The half-written temporary file is all that is left, under a name no reader picks up.
    const left = await tempsIn(dir);
    expect(left).toEqual(temps);
    expect((await stat(path.join(dir, left[0]!))).size).toBeLessThan(256 * 1024 * 1024);

    // The next write to the target removes the leftover: the process that made it is gone.
    await writeFileAtomic(target, '{"next":true}');
    expect(await readFile(target, 'utf8')).toBe('{"next":true}');
    expect(await tempsIn(dir)).toEqual([]);
  });

  it('leaves a write under way alone, and removes an unnamed leftover once it is a minute old', async () => {
    const folder = await mkdtemp(path.join(dir, 'leftovers-'));
    const target = path.join(folder, 'report.md');
    const underWay = `${TEMP_PREFIX}report.md.${process.pid}-0123456789ab`;
    const young = `${TEMP_PREFIX}report.md.abcdefabcdef`;
    const old = `${TEMP_PREFIX}report.md.0123456789ab`;
    const other = `${TEMP_PREFIX}other.md.1-0123456789ab`;
    for (const name of [underWay, young, old, other]) await writeFile(path.join(folder, name), 'partial');
    const twoMinutesAgo = new Date(Date.now() - 2 * 60 * 1000);
    await utimes(path.join(folder, old), twoMinutesAgo, twoMinutesAgo);
    await writeFileAtomic(target, 'report');
    expect((await tempsIn(folder)).sort()).toEqual([underWay, young, other].sort());
  });

  it('removeStaleTemps clears a whole folder of leftovers once they are old', async () => {
    const folder = await mkdtemp(path.join(dir, 'stale-'));
    const leftover = path.join(folder, `${TEMP_PREFIX}a.json.1-0123456789ab`);
    await writeFile(leftover, 'partial');
    expect(await removeStaleTemps(folder)).toBe(0);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(leftover, old, old);
    expect(await removeStaleTemps(folder)).toBe(1);
    expect(await tempsIn(folder)).toEqual([]);
  });
});
