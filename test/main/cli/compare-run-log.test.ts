import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompareCommand } from '../../../src/main/cli/compare-command';
import { readResultsOrRunLogs } from '../../../src/main/results/results-or-run-logs';
import { killedRunLogText } from '../../fixtures/results/killed-run-log';

const WINDOWS = 'test/fixtures/results/windows-11.json';

let dir: string;
let killed: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-compare-log-'));
  // Where a killed `run --json` leaves its run log: the command line's temporary data folder.
  await mkdir(path.join(dir, 'socketclosetest-a1b2c3', 'runs'), { recursive: true });
  killed = path.join(dir, 'socketclosetest-a1b2c3', 'runs', '0f6c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5.jsonl');
  await writeFile(killed, killedRunLogText(1500));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function compare(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCompareCommand(argv, {
    stdout: (text) => (stdout += `${text}\n`),
    stderr: (text) => (stderr += `${text}\n`),
  });
  return { code, stdout, stderr };
}

describe('a run log left by a killed run', () => {
  it('is read as an interrupted run, its counts exact, beside results files', async () => {
    const { documents, problems } = await readResultsOrRunLogs([WINDOWS, killed]);
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(2);
    const run = documents[1]!.runs[0]!;
    expect(documents[1]!.status).toBe('failed');
    expect(run).toMatchObject({ mode: 'client', outcome: 'exhausted', stopReason: 'failed' });
    expect(run.failure).toMatch(/stopped before this run ended/);
    expect(run.errorCounts).toEqual({ EADDRINUSE: 1500 });
  });

  it('can be compared', async () => {
    const { code, stdout, stderr } = await compare(WINDOWS, killed);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\|/);
    expect(stdout).toMatch(
      /^\| client \| WSAEADDRINUSE after [\d,]+ connections \| WSAEADDRINUSE after [\d,]+ connections \|$/m,
    );
  });

  it('is refused in one sentence when it holds no run', async () => {
    const empty = path.join(dir, 'empty.jsonl');
    await writeFile(empty, '');
    const { code, stderr } = await compare(empty);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('a run log from a stranger', () => {
  it('with a line past 1 MB is refused in a sentence, without reading on', async () => {
    const long = path.join(dir, 'long-line.jsonl');
    await writeFile(
      long,
      `${killedRunLogText(1).split('\n')[0]}\n{"type":"error","x":"${'x'.repeat(2 * 1024 * 1024)}"}\n`,
    );
    const r = await compare(long);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('long-line.jsonl is not a run log: it has a line longer than 1 MB.');
  });

  describe.runIf(process.platform !== 'win32')(
    'that is not a regular file (POSIX: FIFOs and /dev/zero)',
    () => {
      it('is refused at once: a FIFO never ends, /dev/zero never stops', async () => {
        const { execFileSync } = await import('node:child_process');
        const { symlink } = await import('node:fs/promises');
        const fifo = path.join(dir, 'fifo.jsonl');
        execFileSync('mkfifo', [fifo]);
        const zero = path.join(dir, 'zero.jsonl');
        await symlink('/dev/zero', zero);
        for (const [file, name] of [
          [fifo, 'fifo.jsonl'],
          [zero, 'zero.jsonl'],
        ] as const) {
          const r = await compare(file);
          expect(r.code).toBe(2);
          expect(r.stderr).toContain(`${name} is not a regular file`);
        }
      });
    },
  );
});
