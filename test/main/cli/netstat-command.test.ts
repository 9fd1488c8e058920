import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_CAPTURE_BYTES, runNetstatCommand } from '../../../src/main/cli/netstat-command';

const capture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/netstat/${name}`, import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runNetstatCommand(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('netstat --input', () => {
  it('prints server and client, each with total and byState, as JSON', async () => {
    const { code, out, err } = await run(
      '--port',
      '40000',
      '--json',
      '--input',
      capture('windows-de-cp850-crlf.txt'),
      '--format',
      'windows',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const counts = JSON.parse(out);
    expect(counts.server.total).toBe(6);
    expect(counts.server.byState.TIME_WAIT).toBe(2);
    expect(counts.client.total).toBe(6);
    expect(counts.client.byState.OTHER).toBe(1);
    expect(counts.ephemeralSize).toBe(16384);
  });

  it("prints the seed's wording, the states that are not zero and the ports held", async () => {
    const { code, out } = await run(
      '--port',
      '40000',
      '--input',
      capture('linux-ss.txt'),
      '--format',
      'linux-ss',
    );
    expect(code).toBe(0);
    expect(out).toContain(
      'server connections: 7  (ESTABLISHED 2, SYN_RECEIVED 1, FIN_WAIT_1 1, TIME_WAIT 1,',
    );
    expect(out).toContain(
      'client connections: 7  (ESTABLISHED 2, SYN_SENT 1, FIN_WAIT_2 1, TIME_WAIT 2, CLOSING 1)',
    );
    expect(out).toMatch(/ephemeral ports held: \d+ of 28232 \(\d+%; the usual range 32768-60999 assumed\)/);
  });
});

describe('netstat bad usage', () => {
  it.each([
    [['--json'], /--port is required/],
    [['--port', '0'], /from 1 to 65535, not "0"/],
    [['--port', 'forty'], /not "forty"/],
    [['--port', '40000', '--input', 'x.txt'], /--input needs --format/],
    [
      ['--port', '40000', '--input', 'x.txt', '--format', 'solaris'],
      /--format must be one of windows, linux-proc/,
    ],
    [['--port', '40000', '--format', 'windows'], /--format goes with --input/],
    [['--port', '40000', '--host', '10.0.0.1'], /--host must be 127.0.0.1 or ::1/],
    [['--port', '40000', '--colour'], /Unknown option '--colour'/],
    [['--port', '40000', 'extra'], /Unexpected argument "extra"/],
  ])('%j answers 2 with a clear message', async (argv, message) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('says when the file cannot be read', async () => {
    const { code, err } = await run(
      '--port',
      '1',
      '--input',
      '/nonexistent/capture.txt',
      '--format',
      'macos',
    );
    expect(code).toBe(2);
    expect(err).toContain('Cannot read /nonexistent/capture.txt: there is no such file.');
  });

  it('refuses a folder as a capture, and a large file without reading it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sct-netstat-'));
    try {
      const folder = await run('--port', '1', '--input', dir, '--format', 'windows');
      expect(folder.code).toBe(2);
      expect(folder.err).toContain(`Cannot read ${dir}: it is a folder, not a file.`);
      // Sparse: the size is real to stat, no blocks are written (NTFS too, for a truncated file).
      const huge = path.join(dir, 'huge.txt');
      writeFileSync(huge, '');
      truncateSync(huge, 2 * MAX_CAPTURE_BYTES);
      const big = await run('--port', '1', '--input', huge, '--format', 'windows');
      expect(big.code).toBe(2);
      expect(big.err).toContain(`Cannot read ${huge}: it is larger than 64 MB, too large for a capture.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('echoes only the start of a long argument', async () => {
    const { code, err } = await run('--port', '9'.repeat(100_000));
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(
      `--port must be a whole number from 1 to 65535, not "${'9'.repeat(39)}…".`,
    );
  });

  it('says when the file is not a capture of that format', async () => {
    const file = capture('windows-en-ano.txt');
    const { code, err } = await run('--port', '40000', '--input', file, '--format', 'linux-proc');
    expect(code).toBe(2);
    expect(err).toContain(`${file}: This is not Linux /proc/net/tcp output`);
  });

  it('prints its help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toContain('--format F');
  });
});

describe.runIf(process.platform !== 'win32')(
  'netstat --input on what is not a file (POSIX: FIFOs and /dev/zero)',
  () => {
    it('refuses a FIFO and /dev/zero behind a link, reading neither', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sct-netstat-'));
      try {
        const fifo = path.join(dir, 'table.txt');
        execFileSync('mkfifo', [fifo]);
        const zero = path.join(dir, 'zero.txt');
        symlinkSync('/dev/zero', zero);
        for (const file of [fifo, zero]) {
          const { code, err } = await run('--port', '1', '--input', file, '--format', 'linux-proc');
          expect(code).toBe(2);
          expect(err).toContain(
            `Cannot read ${file}: it is not a regular file (it is a device, a pipe or a socket).`,
          );
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
