import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../helpers/engine';

const dir = mkdtempSync(join(tmpdir(), 'sct-pipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Forty machines' results: a report far larger than a pipe's 64 KiB buffer. */
function manyResultsFiles(): string[] {
  return Array.from({ length: 40 }, (_, i) => {
    const file = join(dir, `machine-${i}.json`);
    copyFileSync(
      i % 2 ? 'test/fixtures/results/windows-11.json' : 'test/fixtures/results/debian-12.json',
      file,
    );
    return file;
  });
}

function exitOf(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

// Node's own 'pipe' stdio is a socket pair with a deep buffer; a shell's `| cat` is a real pipe
// (64 KiB on Linux), where an early exit cut the report off. Windows has no sh, and there Node
// writes to pipes synchronously.
describe.runIf(process.platform !== 'win32')('output into a shell pipe (POSIX: sh and cat)', () => {
  it('is written whole before the command line exits, as into a file', async () => {
    const args = [CLI_PATH, 'compare', '--report', ...manyResultsFiles()];

    const outFile = join(dir, 'report.md');
    const fd = openSync(outFile, 'w');
    const toFile = spawn(process.execPath, args, { stdio: ['ignore', fd, 'inherit'] });
    expect(await exitOf(toFile)).toBe(0);
    closeSync(fd);
    const expected = readFileSync(outFile, 'utf8');
    expect(expected.length).toBeGreaterThan(128 * 1024);

    const piped = join(dir, 'piped.md');
    const throughCat = spawn('sh', ['-c', '"$0" "$@" | cat > "$PIPED"', process.execPath, ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, PIPED: piped },
    });
    expect(await exitOf(throughCat)).toBe(0);
    expect(readFileSync(piped, 'utf8')).toBe(expected);
  });
});
