/**
 * The Linux table reader against the kernel's own answer (`ss -tan`), on real sockets: listeners,
 * established connections and client-first TIME_WAIT in this process, and a child process holding
 * connections, whose pid and name the reader must find.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linuxSource } from '../../../src/main/watch/linux-source';
import type { ConnectionRow, TableReadInfo } from '../../../src/main/watch/table-source';
import { freshPort } from '../../helpers/ports';

const run = promisify(execFile);

interface Row extends Omit<ConnectionRow, 'state'> {
  state: string;
}

const SS_STATES: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'TIME-WAIT': 'TIME_WAIT',
  LISTEN: 'LISTEN',
};

/** "127.0.0.1:5000 127.0.0.1:41234 ESTABLISHED", as ss and the reader both say it. */
const key = (r: Row): string =>
  `${r.localAddress}:${r.localPort} ${r.remoteAddress}:${r.remotePort} ${r.state}`.replace(
    /:0 LISTEN$/,
    ':* LISTEN',
  );

/** ss's endpoint in the reader's words: "[::1]:5000" is "::1:5000", a dual-stack "*:5000" is ":::5000". */
function ssEndpoint(endpoint: string): string {
  if (endpoint.startsWith('[')) return endpoint.replace(/^\[(.*)\]:/, '$1:');
  if (endpoint.startsWith('*:')) return `::${endpoint.slice(1)}`;
  return endpoint;
}

const portOf = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));

/** The kernel's rows touching these ports, in the reader's words. */
async function ssRows(ports: number[]): Promise<string[]> {
  // Filtered by the kernel to these ports, and room for a large table all the same: other tests
  // running beside this one can hold tens of thousands of connections.
  const filter = ports.map((p) => `sport = :${p} or dport = :${p}`).join(' or ');
  const { stdout } = await run('ss', ['-Htan', `( ${filter} )`], { maxBuffer: 1 << 28 });
  const rows: string[] = [];
  for (const line of stdout.split('\n')) {
    const [state, , , local, peer] = line.trim().split(/\s+/);
    if (!state || !local || !peer) continue;
    const [l, p] = [ssEndpoint(local), ssEndpoint(peer)];
    if (!ports.includes(portOf(l)) && !ports.includes(portOf(p))) continue;
    rows.push(`${l} ${p} ${SS_STATES[state] ?? state}`);
  }
  return rows.sort();
}

async function readAll(): Promise<{ rows: Row[]; info: TableReadInfo }> {
  const rows: Row[] = [];
  const info = await linuxSource().read((row) => rows.push({ ...row }));
  return { rows, info };
}

function listen(port: number, host: string, sockets: net.Socket[]): Promise<net.Server> {
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    // The client closes first: the server closes on its FIN, so TIME_WAIT is on the client's side.
    socket.on('end', () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function connect(port: number, host: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A program of its own holding `count` connections to the port until it is ended. */
function holder(port: number, count: number): Promise<ChildProcess> {
  const script = `
    const net = require('node:net');
    let open = 0;
    for (let i = 0; i < ${count}; i++) net.connect(${port}, '127.0.0.1', () => { if (++open === ${count}) console.log('ready'); });
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('error', reject);
  });
}

describe.runIf(process.platform === 'linux')('the connection table from /proc, with owners (Linux)', () => {
  const serverSockets: net.Socket[] = [];
  const clients: net.Socket[] = [];
  const servers: net.Server[] = [];
  let port4 = 0;
  let port6 = 0;
  let child: ChildProcess;

  beforeAll(async () => {
    port4 = await freshPort();
    port6 = await freshPort();
    servers.push(await listen(port4, '127.0.0.1', serverSockets), await listen(port6, '::1', serverSockets));
    for (let i = 0; i < 3; i++) clients.push(await connect(port4, '127.0.0.1'), await connect(port6, '::1'));
    // Client-first closes: TIME_WAIT on this side, toward port4.
    for (let i = 0; i < 5; i++) (await connect(port4, '127.0.0.1')).destroy();
    child = await holder(port4, 4);
    await new Promise((r) => setTimeout(r, 200));
  });

  afterAll(async () => {
    child?.kill();
    for (const socket of [...clients, ...serverSockets]) socket.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('lists the same listeners, connections and TIME_WAIT as ss', async () => {
    const { rows, info } = await readAll();
    const ours = rows
      .filter((r) => [port4, port6].includes(r.localPort) || [port4, port6].includes(r.remotePort))
      .map(key)
      .sort();
    expect(ours).toEqual(await ssRows([port4, port6]));
    expect(info.source).toBe('/proc/net/tcp, /proc/net/tcp6');
    expect(ours.filter((r) => r.endsWith(' TIME_WAIT'))).toHaveLength(5);
    expect(ours.filter((r) => r.endsWith(' LISTEN'))).toEqual([
      `127.0.0.1:${port4} 0.0.0.0:* LISTEN`,
      `::1:${port6} :::* LISTEN`,
    ]);
  });

  it('finds the owner of each connection: this process, the child, and none for TIME_WAIT', async () => {
    const { rows, info } = await readAll();
    expect(info.ownersAvailable).toBe(true);
    const toPort4 = rows.filter((r) => r.remotePort === port4 && r.remoteAddress === '127.0.0.1');
    const childPorts = new Set(
      toPort4.filter((r) => r.state === 'ESTABLISHED' && r.pid === child.pid).map((r) => r.localPort),
    );
    expect(childPorts.size).toBe(4);
    expect(info.names.get(child.pid!)).toBe(basename(process.execPath).slice(0, 15));
    const mine = clients.filter((c) => c.remotePort === port4).map((c) => c.localPort);
    for (const localPort of mine) {
      expect(toPort4.find((r) => r.localPort === localPort)?.pid).toBe(process.pid);
    }
    const listener = rows.find((r) => r.state === 'LISTEN' && r.localPort === port6);
    expect(listener?.pid).toBe(process.pid);
    expect(info.names.has(process.pid)).toBe(true);
    const waiting = toPort4.filter((r) => r.state === 'TIME_WAIT');
    expect(waiting).toHaveLength(5);
    for (const r of waiting) expect(r.pid).toBeNull();
  });

  it('finds the owner of connections made after its first read, reading the processes again', async () => {
    const source = linuxSource();
    await source.read(() => {});
    const late = await holder(port4, 3);
    try {
      let found = 0;
      // Owners are read again when new sockets appear, at most every 2 s: poll as a watch does.
      for (let attempt = 0; attempt < 40 && found < 3; attempt++) {
        await new Promise((r) => setTimeout(r, 250));
        found = 0;
        const info = await source.read((r) => {
          if (r.remotePort === port4 && r.state === 'ESTABLISHED' && r.pid === late.pid) found++;
        });
        if (found === 3) expect(info.names.get(late.pid!)).toBe(basename(process.execPath).slice(0, 15));
      }
      expect(found).toBe(3);
    } finally {
      late.kill();
    }
  });

  it('reads again and again with the same answer (its caches kept between polls)', async () => {
    const source = linuxSource();
    const once = async (): Promise<string[]> => {
      const keys: string[] = [];
      await source.read((r) => {
        if (r.remotePort === port6 || r.localPort === port6) keys.push(`${key({ ...r })} ${r.pid}`);
      });
      return keys.sort();
    };
    const first = await once();
    expect(first).toHaveLength(7);
    expect(await once()).toEqual(first);
  });
});
