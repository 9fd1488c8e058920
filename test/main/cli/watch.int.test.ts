/**
 * `socketclosetest watch`, the built command line as a child process, against real loopback
 * connections this test opens: the JSON line it prints, the files it grows until it is stopped,
 * and the sentences for bad flags and files it cannot write.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchPoll } from '../../../src/shared/watch';
import { watchCsvHeader, watchCsvRows } from '../../../src/main/watch/watch-csv';
import { CLI_PATH } from '../../helpers/engine';
import { freshPort } from '../../helpers/ports';

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'sct-watch-'));

/** Runs the command line; `stopWhen` (checked every 100 ms) decides when SIGTERM is sent. */
function cli(args: string[], stopWhen?: () => boolean): Promise<Ended> {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let timer: NodeJS.Timeout | undefined;
  if (stopWhen) {
    timer = setInterval(() => {
      if (!stopWhen()) return;
      clearInterval(timer);
      child.kill('SIGTERM');
    }, 100);
  }
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

const lines = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

// CRLF line ends in the CSV (RFC 4180) or LF: either way, normalised before comparing.
const lf = (text: string): string => text.replace(/\r\n/g, '\n');

describe('socketclosetest watch', () => {
  const server = net.createServer((socket) => socket.on('error', () => {}));
  const clients: net.Socket[] = [];
  let port: number;

  beforeAll(async () => {
    port = await freshPort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    for (let i = 0; i < 3; i++) {
      clients.push(
        await new Promise<net.Socket>((resolve) => {
          const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
        }),
      );
    }
    // The server side is listed once accept has run.
    await sleep(50);
  });

  afterAll(async () => {
    // An abortive close leaves no TIME_WAIT behind for the next test file.
    for (const s of clients) s.resetAndDestroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('--once --json - prints one poll as a JSON line, with the loopback listener this test connects to', async () => {
    const r = await cli(['watch', '--once', '--json', '-']);
    expect(r.stderr).toContain('watching for');
    expect(r.code).toBe(0);
    const out = r.stdout.split('\n').filter(Boolean);
    expect(out).toHaveLength(1);
    const poll = JSON.parse(out[0]!) as WatchPoll;
    expect(poll).toMatchObject({ kind: 'socketclosetest-watch', schemaVersion: 1, error: null });
    const mine = poll.destinations.find((d) => d.endpoint === `127.0.0.1:${port}`);
    expect(mine, `destinations: ${poll.destinations.map((d) => d.endpoint).join(', ')}`).toBeDefined();
    expect(mine!.byState.ESTABLISHED).toBe(3);
    expect(mine!.held).toBe(3);
    expect(poll.machine.connections).toBeGreaterThanOrEqual(6);
    // This test's process holds both ends, where owners can be read at all.
    if (poll.machine.ownersAvailable) {
      const me = poll.programs.find((p) => p.pid === process.pid);
      expect(me?.byState.ESTABLISHED).toBeGreaterThanOrEqual(6);
      expect(me?.closeWaitLeak).toBe(false);
    }
    // The human text went to standard error, so standard output is the JSON alone.
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
  });

  it('--once prints the block as plain lines on standard output, without escape codes', async () => {
    const r = await cli(['watch', '--once']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`127.0.0.1:${port}`);
    expect(r.stdout).toMatch(/connections, \d[\d,]* in TIME_WAIT/);
    expect(r.stdout).not.toContain('\x1b');
  });

  // Windows has no SIGTERM a process can catch (a kill ends it at once): there the console's Ctrl-C does it.
  it.runIf(process.platform !== 'win32')(
    '--interval 0.25 with --json and --csv, then SIGTERM: exit 143, both files complete, a line per poll',
    async () => {
      const dir = tmp();
      const json = join(dir, 'polls.jsonl');
      const csv = join(dir, 'ports.csv');
      const r = await cli(
        ['watch', '--interval', '0.25', '--json', json, '--csv', csv],
        () => lines(json).length >= 3,
      );
      expect(r.stderr).toContain('Stopping…');
      expect(r.code).toBe(143);
      const text = readFileSync(json, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const polls = text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as WatchPoll);
      expect(polls.length).toBeGreaterThanOrEqual(3);
      for (const poll of polls) {
        expect(poll.kind).toBe('socketclosetest-watch');
        expect(poll.destinations.some((d) => d.endpoint === `127.0.0.1:${port}`)).toBe(true);
      }
      expect(polls.map((p) => p.t)).toEqual([...polls.map((p) => p.t)].sort((a, b) => a - b));
      // The CSV holds exactly the rows of the polls the JSON holds, after its header.
      expect(lf(readFileSync(csv, 'utf8'))).toBe(lf(watchCsvHeader() + polls.map(watchCsvRows).join('')));
      expect(r.stdout).toContain(`watch written to ${json}`);
      expect(r.stdout).toContain(`watch written to ${csv}`);
      expect(r.stdout.split('watching for').length - 1).toBe(polls.length);
    },
  );

  it('--json - into a reader that stops after two lines (like | head -n 2) ends the watch with 0', async () => {
    const child = spawn(process.execPath, [CLI_PATH, 'watch', '--interval', '0.25', '--json', '-'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.split('\n').length > 2) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({ kind: 'socketclosetest-watch' });
  });

  it('answers bad flags with a sentence and exit code 2, watching nothing', async () => {
    for (const [args, sentence] of [
      [['--interval', 'ten'], '--interval takes a number of seconds, e.g. 1 or 0.5 (got "ten").'],
      [['--interval', '0'], '--interval must be at least 0.25 seconds (got "0").'],
      [['--port', '5432'], "Unknown option '--port'."],
      [
        ['--json', '-', '--csv', '-'],
        '--json and --csv cannot both write to standard output: give one a file.',
      ],
    ] as const) {
      const r = await cli(['watch', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')).toEqual([
        sentence,
        'Run "socketclosetest watch --help" for the options.',
        '',
      ]);
      expect(r.stdout).toBe('');
    }
  });

  it('refuses a --json file in a folder that does not exist before it watches', async () => {
    const file = join(tmp(), 'missing', 'polls.jsonl');
    const r = await cli(['watch', '--once', '--json', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`Could not save ${file}: the folder ${join(file, '..')} does not exist.`);
    expect(r.stdout).toBe('');
    expect(existsSync(file)).toBe(false);
  });

  it('refuses --json and --csv naming one file', async () => {
    const file = join(tmp(), 'both');
    const r = await cli(['watch', '--once', '--json', file, '--csv', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`--json and --csv would both write ${file}: choose different files.`);
  });

  it('names its options with --help', async () => {
    const r = await cli(['watch', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Usage: socketclosetest watch [--interval S] [--json FILE] [--csv FILE] [--once]',
    );
  });
});
