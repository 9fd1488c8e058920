/**
 * The poller against the kernel's own answer (`ss`), on real loopback connections: thousands of
 * client-closes-first connections, so the client half fills with TIME_WAIT as in the seed's
 * client mode. The counts are compared during the run (bracketed by ss before and after the poll,
 * since TIME_WAIT only grows then) and after it.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { NetstatPoller, countCapture } from '../../../../src/main/engine/netstat/poller';
import { readMachineFacts } from '../../../../src/main/engine/machine-facts';

const run = promisify(execFile);
const PORT = 62001;
const PORT6 = 62002;
const CONNECTIONS = 4000;

/** Connections the kernel lists for a port: where it is the peer (client half) or the local port (server half). */
async function ssCount(
  side: 'dport' | 'sport',
  port: number,
  state = 'connected',
  family = '-4',
): Promise<number> {
  const { stdout } = await run('ss', ['-Htan', family, 'state', state, `( ${side} = :${port} )`]);
  return stdout.split('\n').filter((line) => line.trim() !== '').length;
}

function within5Percent(a: number, b: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.ceil(0.05 * Math.max(a, b)));
}

/** A server that closes after its client (reads until the client's FIN, then closes). */
function listen(port: number, host: string): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.on('end', () => socket.destroy());
    socket.resume();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** One client-closes-first connection: connect, then close at once, like the seed's client mode. */
function connectAndClose(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

describe.runIf(process.platform === 'linux')('live counts, checked against ss (Linux only)', async () => {
  const facts = await readMachineFacts({ appVersion: 'test' });
  const server = await listen(PORT, '127.0.0.1');
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const poller = new NetstatPoller({
    port: PORT,
    host: '127.0.0.1',
    ephemeralRange: facts.ephemeralRange?.value ?? null,
  });

  it('agrees with ss within 5% during and after a client-first run', async () => {
    let made = 0;
    const churn = async (): Promise<void> => {
      while (made < CONNECTIONS) {
        made++;
        await connectAndClose(PORT, '127.0.0.1');
      }
    };
    const workers = Array.from({ length: 8 }, churn);

    // During: wait until a good share is made, then poll between two kernel counts.
    while (made < CONNECTIONS / 2) await new Promise((r) => setTimeout(r, 20));
    // The kernel's own dumps can come out short while other programs churn thousands of sockets:
    // up to three tries for one where the poll falls between two kernel counts.
    let during: Awaited<ReturnType<NetstatPoller['pollOnce']>> = null;
    let bracket = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await ssCount('dport', PORT, 'time-wait');
      during = await poller.pollOnce();
      const after = await ssCount('dport', PORT, 'time-wait');
      expect(during, poller.lastError ?? '').not.toBeNull();
      const tw = during!.client.byState.TIME_WAIT;
      bracket = `ss ${before}, poller ${tw}, ss ${after}`;
      if (tw >= Math.floor(before * 0.95) && tw <= Math.ceil(after * 1.05)) break;
      bracket += ' (outside)';
    }
    expect(bracket).not.toContain('outside');
    expect(during!.source).toContain('/proc/net/tcp');

    await Promise.all(workers);
    // Let the last server sockets see their client's FIN and close.
    await new Promise((r) => setTimeout(r, 300));
    const counts = await poller.pollOnce();
    const [clientSs, clientTwSs, serverSs] = await Promise.all([
      ssCount('dport', PORT),
      ssCount('dport', PORT, 'time-wait'),
      ssCount('sport', PORT),
    ]);
    expect(counts).not.toBeNull();
    expect(clientTwSs).toBeGreaterThan(1000);
    within5Percent(counts!.client.total, clientSs);
    within5Percent(counts!.client.byState.TIME_WAIT, clientTwSs);
    // The client closed first: TIME_WAIT is on its side; the server side holds (almost) nothing.
    expect(Math.abs(counts!.server.total - serverSs)).toBeLessThanOrEqual(
      Math.max(2, Math.ceil(0.05 * serverSs)),
    );
    expect(counts!.server.byState.TIME_WAIT).toBeLessThan(counts!.client.byState.TIME_WAIT / 10);
    // Each TIME_WAIT entry holds an ephemeral port of its own.
    expect(counts!.ephemeralSize).toBe(facts.ephemeralRange?.value?.count);
    expect(counts!.ephemeralHeld).toBeGreaterThanOrEqual(Math.floor(clientTwSs * 0.95));
    expect(counts!.pollMs).toBeGreaterThan(0);
  });

  it('polls on its own every interval and stops cleanly', async () => {
    const timed = new NetstatPoller({ port: PORT, intervalMs: 100, maxPollShare: 1 });
    const seen: (number | null)[] = [];
    timed.on('counts', (c) => seen.push(c ? c.client.total : null));
    timed.start();
    timed.start(); // a second start changes nothing
    await new Promise((r) => setTimeout(r, 450));
    await timed.stop();
    const count = seen.length;
    // Slow polls on a busy machine delay the next one (never two at once): at least two.
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(6);
    expect(seen.every((n) => n !== null && n > 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 250));
    expect(seen.length).toBe(count);
    expect(timed.latest?.client.total).toBe(seen.at(-1));
  });

  it('pushes the next poll back after a slow one, so counting takes at most a tenth of the time', async () => {
    const timed = new NetstatPoller({ port: PORT, intervalMs: 50 });
    const polls: { at: number; took: number }[] = [];
    timed.on('counts', (c) => polls.push({ at: performance.now(), took: c?.pollMs ?? 0 }));
    timed.start();
    // However slow the polls on this machine, three of them come (each within ten times its length).
    for (let waited = 0; polls.length < 3 && waited < 15_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    await timed.stop();
    expect(polls.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < polls.length; i++) {
      // From the end of one poll to the end of the next: the wait, then the next poll itself.
      const gap = polls[i]!.at - polls[i - 1]!.at;
      expect(gap).toBeGreaterThanOrEqual(Math.max(50, polls[i - 1]!.took * 10) - polls[i - 1]!.took - 5);
    }
  });

  it('keeps one loop when stopped and started again during a poll', async () => {
    const timed = new NetstatPoller({ port: PORT, intervalMs: 200 });
    let polls = 0;
    timed.on('counts', () => polls++);
    timed.start();
    const stopping = timed.stop();
    timed.start();
    await stopping;
    await new Promise((r) => setTimeout(r, 700));
    await timed.stop();
    // One loop: a poll at once, then one every 200 ms (two loops would make about twice as many).
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThanOrEqual(5);
  });

  it('joins a poll under way instead of starting a second one', async () => {
    const first = poller.pollOnce();
    expect(poller.pollOnce()).toBe(first);
    await first;
  });

  it('counts IPv6 connections from the IPv6 table only', async () => {
    const server6 = await listen(PORT6, '::1');
    const open = await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<net.Socket>((resolve) => {
            const s = net.connect({ port: PORT6, host: '::1' }, () => resolve(s));
          }),
      ),
    );
    try {
      const v6 = await new NetstatPoller({ port: PORT6, host: '::1' }).pollOnce();
      const v4 = await new NetstatPoller({ port: PORT6, host: '127.0.0.1' }).pollOnce();
      expect(v6?.client.byState.ESTABLISHED).toBe(5);
      expect(v6?.server.byState.ESTABLISHED).toBe(5);
      expect(v6?.client.byState.ESTABLISHED).toBe(await ssCount('dport', PORT6, 'established', '-6'));
      expect(v4?.client.total).toBe(0);
      expect(v4?.server.total).toBe(0);
    } finally {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server6.close(() => resolve()));
    }
  });

  it('reads real ss output as it reads /proc, connection for connection', async () => {
    const port = 62004;
    const still = await listen(port, '127.0.0.1');
    const open = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<net.Socket>((resolve) => {
            const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
          }),
      ),
    );
    try {
      await new Promise((r) => setTimeout(r, 50));
      const proc = countCapture(await readFile('/proc/net/tcp'), 'linux-proc', port);
      const ss = countCapture(
        (await run('ss', ['-tan'], { encoding: 'buffer', maxBuffer: 256 << 20 })).stdout,
        'linux-ss',
        port,
      );
      expect(proc.server).toEqual(ss.server);
      expect(proc.client).toEqual(ss.client);
      expect(proc.client.byState.ESTABLISHED).toBe(6);
      expect(proc.server.byState.ESTABLISHED).toBe(6);
    } finally {
      // An abortive close: no TIME_WAIT left for the next run of this file.
      for (const s of open) s.resetAndDestroy();
      await new Promise<void>((resolve) => still.close(() => resolve()));
    }
  });

  it('leaves the counts unavailable, with a reason, where there is no tool to ask', async () => {
    const elsewhere = new NetstatPoller({ port: PORT, platform: 'aix' });
    expect(await elsewhere.pollOnce()).toBeNull();
    expect(elsewhere.lastError).toBe(
      'Connections cannot be counted: Counting connections is not supported on aix.',
    );
    // Windows' netstat is run by its full path in System32, which this machine does not have.
    const windows = new NetstatPoller({ port: PORT, platform: 'win32' });
    expect(await windows.pollOnce()).toBeNull();
    expect(windows.lastError).toBe('Connections cannot be counted: netstat was not found');
    expect(windows.latest).toBeNull();
  });
});
