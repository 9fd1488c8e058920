import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../helpers/engine';
import { freshPort } from '../../helpers/ports';

interface Ended {
  code: number | null;
  stderr: string;
  /** The process the command line started (--emulate-windows), read just before the signal. */
  children: number[];
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'sct-hup-'));

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs the command line with its own temp folder, and sends `signal` after `afterMs`. */
function signalled(args: string[], signal: NodeJS.Signals, afterMs: number, temp: string): Promise<Ended> {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TMPDIR: temp },
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let children: number[] = [];
  setTimeout(() => {
    children = childrenOf(child.pid!);
    child.kill(signal);
  }, afterMs);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, children })));
}

const leftTemps = (temp: string): string[] =>
  readdirSync(temp).filter((n) => n.startsWith('socketclosetest-'));

// Windows has no hang-up signal to send from a test: there, closing the console sends it.
describe.runIf(process.platform !== 'win32')('closing the terminal (SIGHUP) or a kill (SIGTERM)', () => {
  it('stops a single mode like Ctrl-C: the results are written and the exit code is 129', async () => {
    const temp = tmp();
    const file = join(temp, 'hup.json');
    const port = String(await freshPort());
    const r = await signalled(
      ['server', '--port', port, '--duration', '30', '--json', file],
      'SIGHUP',
      1500,
      temp,
    );
    expect(r.code).toBe(129);
    expect(r.stderr).toContain('Stopping…');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ mode: 'server', interrupted: true });
    expect(leftTemps(temp)).toEqual([]);
  });

  it('stops "all" and removes its temp folder; SIGTERM answers 143', async () => {
    for (const [signal, code] of [
      ['SIGHUP', 129],
      ['SIGTERM', 143],
    ] as const) {
      const temp = tmp();
      const file = join(temp, 'all.json');
      const port = String(await freshPort());
      const r = await signalled(
        ['all', '--modes', 'server,client', '--port', port, '--duration', '30', '--json', file],
        signal,
        1500,
        temp,
      );
      expect(r.code).toBe(code);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ status: 'stopped' });
      expect(leftTemps(temp)).toEqual([]);
    }
  });
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe.runIf(process.platform === 'linux' && isRoot)(
  'a hang-up with --emulate-windows (Linux, root: a network namespace of its own)',
  () => {
    it('reaches the process in the namespace, which writes the results and ends', async () => {
      const temp = tmp();
      const file = join(temp, 'emulated.json');
      const port = String(await freshPort());
      const r = await signalled(
        ['server', '--emulate-windows', '--port', port, '--duration', '30', '--json', file],
        'SIGHUP',
        2000,
        temp,
      );
      expect(r.code).toBe(129);
      expect(r.children).toHaveLength(1);
      await sleep(200);
      expect(alive(r.children[0]!)).toBe(false);
      expect(existsSync(file)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ interrupted: true });
      expect(leftTemps(temp)).toEqual([]);
    });
  },
);
