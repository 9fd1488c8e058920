// Files from strangers, given to the built command line in a process of its own: each is refused
// with its sentence, and the peak memory of the process that refused it is measured.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { windowsDocument } from '../../fixtures/results/factory';
import { CLI_PATH } from '../../helpers/engine';

const dir = mkdtempSync(join(tmpdir(), 'sct-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Loaded before the command line, it writes the process's peak resident memory as it exits.
const MEASURE = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.SCT_RSS_FILE, String(process.resourceUsage().maxRSS)));",
)}`;

let runs = 0;

async function compare(file: string): Promise<{ code: number | null; stderr: string; maxRssMb: number }> {
  const rssFile = join(dir, `rss-${++runs}.txt`);
  const child = spawn(process.execPath, ['--import', MEASURE, CLI_PATH, 'compare', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SCT_RSS_FILE: rssFile },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr: stderr.trim(), maxRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

describe('compare, given files from strangers', () => {
  it('refuses five million error codes with a sentence, in a process that stays small', async () => {
    const file = join(dir, 'flood.json');
    const names = Array.from({ length: 5_000_000 }, (_, i) => `"${i.toString(36)}":0`).join(',');
    writeFileSync(
      file,
      JSON.stringify(windowsDocument()).replace('"errorCounts":{', `"errorCounts":{${names},`),
    );
    const { code, stderr, maxRssMb } = await compare(file);
    expect(stderr).toBe('flood.json is damaged: runs[0].errorCounts has more than 120 names.');
    expect(code).toBe(2);
    // Generous: about 160 MB where it is refused, 1.5 GB when the whole file was parsed and checked.
    expect(maxRssMb).toBeLessThan(500);
  });
});

describe.runIf(process.platform !== 'win32')(
  'compare, given what is not a file (POSIX: FIFOs and /dev/zero)',
  () => {
    it('refuses a FIFO at once instead of waiting for a writer forever', async () => {
      const fifo = join(dir, 'pipe.json');
      execFileSync('mkfifo', [fifo]);
      const { code, stderr } = await compare(fifo);
      expect(stderr).toBe(
        'pipe.json is not a regular file (it is a device, a pipe or a socket), so it was not read.',
      );
      expect(code).toBe(2);
    });

    it('refuses /dev/zero behind a link without reading it', async () => {
      const link = join(dir, 'zero.json');
      symlinkSync('/dev/zero', link);
      const { code, stderr, maxRssMb } = await compare(link);
      expect(stderr).toBe(
        'zero.json is not a regular file (it is a device, a pipe or a socket), so it was not read.',
      );
      expect(code).toBe(2);
      expect(maxRssMb).toBeLessThan(500);
    });
  },
);
