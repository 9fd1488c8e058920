import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../helpers/engine';
import { freshPort } from '../../helpers/ports';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(
  args: string[],
  { interruptAfterMs }: { interruptAfterMs?: number } = {},
): Promise<Ran & { stopMs?: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let interruptedAt = 0;
  if (interruptAfterMs !== undefined) {
    setTimeout(() => {
      interruptedAt = performance.now();
      child.kill('SIGINT');
    }, interruptAfterMs);
  }
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const end = performance.now();
      resolve({
        code,
        stdout,
        stderr,
        ms: end - t0,
        ...(interruptedAt ? { stopMs: end - interruptedAt } : {}),
      });
    }),
  );
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'sct-cli-'));
const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('command line usage', () => {
  it('prints the usage with --help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: socketclosetest <mode> [options]');
    for (const mode of ['any', 'client', 'server', 'simultaneous', 'graceful', 'workaround', 'abort'])
      expect(r.stdout).toContain(`  ${mode} `);
  });

  it.each([
    [[], /Usage:/],
    [['fast'], /Unknown mode or command "fast"/],
    [['client', '--port', '70000'], /Port must be a whole number from 1 to 65535 \(got 70000\)/],
    [['client', '--port', 'abc'], /--port takes a whole number \(got "abc"\)/],
    [['client', '--duration', '-1'], /^--duration needs a value\.$/m],
    [['client', '--duration=-1'], /--duration takes a number \(got "-1"\)/],
    [['client', '--bogus'], /Unknown option '--bogus'/],
    [['client', '--json'], /--json/],
    [['client', 'extra'], /Unexpected argument "extra"/],
    [['client', '--host', '10.1.2.3'], /loopback address/],
    [['client', '--port-range', '50000-50010'], /--port-range goes with --emulate-windows/],
    [['client', '--emulate-windows', '--port-range', '9-3'], /A port range must look like 49152-65535/],
  ])('%j: exit code 2 and a clear message', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(message);
    noStack(r.stderr);
  });

  it('all refuses --force and bad modes', async () => {
    expect((await cli(['all', '--force'])).stderr).toMatch(/--force does not go with "all"/);
    const bad = await cli(['all', '--modes', 'client,fast']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Every mode must be one of .* \(got "fast"\)/);
  });

  it('names a port already in use, exit code 2, no stack trace', async () => {
    const p = await freshPort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(p, '127.0.0.1', r));
    try {
      const r = await cli(['server', '--port', String(p), '--duration', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(
        `Port ${p} is already in use by another program. Choose another port or close that program.`,
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});

describe('a run from the command line', () => {
  it('prints the original line each second and writes the whole result', async () => {
    const p = await freshPort();
    const file = join(tmp(), 'result.json');
    const r = await cli(['server', '--port', String(p), '--duration', '2.3', '--json', file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('connects per second: '));
    // Two whole seconds and the part-second at the end.
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^connects per second: [\d,]+, server connections: (n\/a|[\d,]+), client connections: (n\/a|[\d,]+)$/,
    );
    expect(r.stdout).toMatch(/^server: ok: [\d,]+ connections in \d\.\d s, no errors$/m);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({
      kind: 'socketclosetest-run',
      schemaVersion: 1,
      mode: 'server',
      outcome: 'ok',
      interrupted: false,
      errors: [],
      errorCounts: {},
    });
    expect(json.connections).toBeGreaterThan(100);
    expect(json.elapsedMs).toBeGreaterThan(2000);
    expect(json.samples.map((s: { seconds?: number }) => s.seconds ?? 1).slice(0, 2)).toEqual([1, 1]);
    expect(json.samples).toHaveLength(3);
    expect(json.samples[2].seconds).toBeLessThan(1);
    expect(json.summary).toMatch(/^ok: /);
    expect(json.system).toMatchObject({
      platform: process.platform,
      nodeVersion: process.versions.node,
      electronVersion: null,
    });
  });

  it.runIf(process.platform !== 'win32')(
    'stops within a second on Ctrl-C and still writes the file (not on Windows, where only a console delivers Ctrl-C)',
    async () => {
      const p = await freshPort();
      const file = join(tmp(), 'stopped.json');
      const r = await cli(['server', '--port', String(p), '--duration', '60', '--json', file], {
        interruptAfterMs: 1500,
      });
      expect(r.code).toBe(130);
      expect(r.stopMs).toBeLessThan(1000);
      expect(r.stderr).toContain('Stopping…');
      const json = JSON.parse(readFileSync(file, 'utf8'));
      expect(json).toMatchObject({ interrupted: true, stopReason: 'stopped', mode: 'server' });
      expect(json.connections).toBeGreaterThan(0);
    },
  );
});

describe.runIf(process.platform === 'linux')(
  '--emulate-windows: Windows’ failure on the Linux kernel (Linux only: it runs in a network namespace of its own)',
  () => {
    // A fresh network namespace with 16 ephemeral ports and no TIME_WAIT reuse, the same mechanism as
    // --emulate-windows with its default 49152-65535, narrowed so exhaustion comes at once.
    const range = ['--emulate-windows', '--port-range', '50000-50015'];

    it('client-first ends exhausted: connect fails with EADDRNOTAVAIL, each error timed and coded', async () => {
      const file = join(tmp(), 'client.json');
      const r = await cli([
        'client',
        '--port',
        '40000',
        '--duration',
        '5',
        '--max-errors',
        '25',
        '--json',
        file,
        ...range,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      expect(json.outcome).toBe('exhausted');
      expect(json.stopReason).toBe('max-errors');
      expect(json.connections).toBeGreaterThanOrEqual(14);
      expect(json.connections).toBeLessThanOrEqual(16);
      expect(json.errors.length).toBeGreaterThanOrEqual(25);
      expect(json.errorCounts).toEqual({ EADDRNOTAVAIL: json.errors.length });
      for (const e of json.errors) {
        expect(e).toMatchObject({
          side: 'client',
          op: 'connect',
          code: 'EADDRNOTAVAIL',
          peerPort: 40000,
          localPort: null,
        });
        expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
      }
      expect(json.summary).toMatch(/^connect failed with EADDRNOTAVAIL after \d+ connections/);
      expect(json.system.emulation).toMatch(/ports 50000-50015 and tcp_tw_reuse 0/);
      expect(r.stdout).toMatch(
        /client connect failed: EADDRNOTAVAIL errno -99, local port -, peer port 40000, connection \d+/,
      );
    });

    it('server-first runs at full speed with no error in the same namespace', async () => {
      const file = join(tmp(), 'server.json');
      const r = await cli(['server', '--port', '40000', '--duration', '1.5', '--json', file, ...range]);
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      expect(json).toMatchObject({ outcome: 'ok', errors: [], stopReason: 'duration' });
      expect(json.connections).toBeGreaterThan(1000);
    });

    it('all runs each mode in turn and writes one results document with the table', async () => {
      // abort leaves (almost) no TIME_WAIT, so the next mode usually starts without a drain; a stray
      // half-connection means waiting out TIME_WAIT (60 s), which the timeout allows.
      const file = join(tmp(), 'all.json');
      const r = await cli([
        'all',
        '--modes',
        'abort,client',
        '--duration',
        '2',
        '--connections',
        '200',
        '--json',
        file,
        ...range,
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^abort: running$/m);
      expect(r.stdout).toMatch(/^client: running$/m);
      expect(r.stdout).toMatch(/^\| client \| EADDRNOTAVAIL after \d+ connections \|$/m);
      expect(r.stdout).toMatch(/^\| abort \| ok \|$/m);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      expect(doc).toMatchObject({ kind: 'socketclosetest-results', schemaVersion: 1, status: 'complete' });
      expect(doc.runs.map((run: { mode: string; outcome: string }) => [run.mode, run.outcome])).toEqual([
        ['abort', 'ok'],
        ['client', 'exhausted'],
      ]);
    }, 150_000);

    it('writes Markdown and CSV too', async () => {
      const dir = tmp();
      const r = await cli([
        'client',
        '--duration',
        '3',
        '--markdown',
        join(dir, 'r.md'),
        '--csv',
        join(dir, 'e.csv'),
        ...range,
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(
        /\| *client *\|.*EADDRNOTAVAIL after \d+ connections/,
      );
      expect(readFileSync(join(dir, 'e.csv'), 'utf8').split('\n').filter(Boolean).length).toBeGreaterThan(10);
      expect(existsSync(join(dir, 'e-samples.csv'))).toBe(true);
    });
  },
);
