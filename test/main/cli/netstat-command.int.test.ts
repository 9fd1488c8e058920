/** `netstat --port P` on this machine, with real loopback connections open on the port. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNetstatCommand } from '../../../src/main/cli/netstat-command';
import { freshPort } from '../../helpers/ports';

let port: number;

describe('netstat on this machine', () => {
  const server = net.createServer((socket) => socket.on('error', () => {}));
  const clients: net.Socket[] = [];

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
    await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(async () => {
    // An abortive close leaves no TIME_WAIT behind for the next run of this file.
    for (const s of clients) s.resetAndDestroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('prints the live counts of both halves as JSON, the listener left out', async () => {
    const out: string[] = [];
    const code = await runNetstatCommand(['--port', String(port), '--json'], {
      stdout: (s) => out.push(s),
      stderr: (s) => out.push(s),
    });
    expect(code).toBe(0);
    const counts = JSON.parse(out.join('\n'));
    expect(counts.server.byState.ESTABLISHED).toBe(3);
    expect(counts.client.byState.ESTABLISHED).toBe(3);
    expect(counts.server.total).toBeGreaterThanOrEqual(3);
    expect(counts.ephemeralHeld).toBeGreaterThanOrEqual(3);
    expect(counts.source).toBe(
      process.platform === 'linux' ? '/proc/net/tcp, /proc/net/tcp6' : expect.stringContaining('netstat'),
    );
  });

  it("prints them in the seed's words", async () => {
    const out: string[] = [];
    const code = await runNetstatCommand(['--port', String(port)], {
      stdout: (s) => out.push(s),
      stderr: () => {},
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(
      /server connections: \d+ {2}\(ESTABLISHED 3\b.*\nclient connections: \d+ {2}\(ESTABLISHED 3\b/,
    );
  });

  it('looks at the IPv6 table for --host ::1, where this port has nothing', async () => {
    const out: string[] = [];
    await runNetstatCommand(['--port', String(port), '--host', '::1', '--json'], {
      stdout: (s) => out.push(s),
      stderr: () => {},
    });
    const counts = JSON.parse(out.join('\n'));
    expect(counts.server.total + counts.client.total).toBe(0);
  });
});
