import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { NetstatPoller } from '../../src/main/engine/netstat/poller';
import { systemTool } from '../../src/main/engine/netstat/system-tool';
import type { TcpState } from '../../src/shared/types';

/** Ports from `from` up to, not including, `to`. */
export interface PortSpan {
  from: number;
  to: number;
}

/**
 * Where tests listen: outside the range the kernel hands out to clients, where a listener meets
 * clients' own ports. Linux: 61000-65535, above its ephemeral 32768-60999 (there a listener can be
 * blocked by a client's TIME_WAIT). Windows and macOS: 40000-47999, below their ephemeral
 * 49152-65535, inside which Windows also lets Hyper-V, WSL and Docker reserve whole blocks.
 */
export const TEST_PORTS: PortSpan =
  process.platform === 'linux' ? { from: 61000, to: 65536 } : { from: 40000, to: 48000 };

/**
 * How many TCP entries list each port, either side, listeners included, IPv4 and IPv6: one read
 * of the whole table (/proc on Linux, one netstat elsewhere, which takes a while on Windows).
 */
export function listedPorts(): Map<number, number> {
  const listed = new Map<number, number>();
  const add = (port: number): void => {
    if (Number.isInteger(port) && port > 0 && port <= 65535) listed.set(port, (listed.get(port) ?? 0) + 1);
  };
  const addRow = (local: number, peer: number): void => {
    add(local);
    if (peer !== local) add(peer);
  };
  if (process.platform === 'linux') {
    // Rows like `0: 0100007F:EE48 0100007F:C154 06 ...`: ports in hex after the colon.
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text: string;
      try {
        text = readFileSync(file, 'latin1');
      } catch {
        continue; // no IPv6 here
      }
      for (const line of text.split('\n').slice(1)) {
        const [, local, peer] = line.trim().split(/\s+/);
        if (local && peer) addRow(hexPort(local), hexPort(peer));
      }
    }
    return listed;
  }
  if (process.platform !== 'win32' && process.platform !== 'darwin')
    throw new Error(`Connections cannot be listed on ${process.platform}.`);
  const windows = process.platform === 'win32';
  // Windows: all protocols and both families (`TCP 127.0.0.1:40000 127.0.0.1:50123 TIME_WAIT`);
  // macOS: -p tcp lists tcp4 and tcp6 (`tcp4 0 0 127.0.0.1.40000 127.0.0.1.52341 TIME_WAIT`).
  const out = execFileSync(systemTool('netstat'), windows ? ['-an'] : ['-an', '-p', 'tcp'], {
    encoding: 'latin1',
    maxBuffer: 1 << 28,
    windowsHide: true,
  });
  for (const line of out.split(/\r?\n/)) {
    const t = line.trim().split(/\s+/);
    if (windows && t[0] === 'TCP') addRow(portAfter(t[1], ':'), portAfter(t[2], ':'));
    else if (!windows && t[0]?.startsWith('tcp')) addRow(portAfter(t[3], '.'), portAfter(t[4], '.'));
  }
  return listed;
}

const hexPort = (field: string): number => Number.parseInt(field.slice(field.lastIndexOf(':') + 1), 16);

/** The port after the last separator of an address field; NaN for `*` and the like. */
function portAfter(field: string | undefined, separator: string): number {
  const port = field?.slice(field.lastIndexOf(separator) + 1) ?? '';
  return /^\d+$/.test(port) ? Number(port) : Number.NaN;
}

/** Anything at all listed for a port, either side, listeners included. */
export function anyOnPort(port: number): number {
  return listedPorts().get(port) ?? 0;
}

/** Whether a loopback listener can take the port: nothing listens there, and nobody reserved it. */
export function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A port in the span (the tests' own by default) with nothing listed for it that a listener can
 * really take. Nothing listed: TIME_WAIT of an earlier run on the same port lasts a minute or more
 * and would mix with this run's evidence. Really taken: on Windows a reserved port is listed
 * nowhere in netstat, yet listen fails there with EACCES. The table is read once per call.
 */
export async function freshPort(span: PortSpan = TEST_PORTS): Promise<number> {
  const listed = listedPorts();
  let bound = 0;
  for (let i = 0; i < 1000 && bound < 50; i++) {
    const port = span.from + Math.floor(Math.random() * (span.to - span.from));
    if (listed.has(port)) continue;
    bound++;
    if (await canListen(port)) return port;
  }
  throw new Error(
    `No port between ${span.from} and ${span.to - 1} is free of connections and open to a listener.`,
  );
}

/**
 * `count` consecutive ports, each free of connections and open to a listener: for a test whose
 * listeners sit side by side (the first is returned).
 */
export async function freshPortBlock(count: number, span: PortSpan = TEST_PORTS): Promise<number> {
  const listed = listedPorts();
  for (let i = 0; i < 200; i++) {
    const first = span.from + Math.floor(Math.random() * (span.to - span.from - count));
    const ports = Array.from({ length: count }, (_, k) => first + k);
    if (ports.some((port) => listed.has(port))) continue;
    let open = true;
    for (const port of ports) if (!(open = await canListen(port))) break;
    if (open) return first;
  }
  throw new Error(`No ${count} ports in a row between ${span.from} and ${span.to - 1} are free.`);
}

/** Whether something listens on the port: a connect is refused at once where nothing does. */
export function listening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    let connected = false;
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      connected = true;
      socket.resetAndDestroy();
    });
    socket.on('error', () => {});
    // Answer once the probe's own socket is gone, so it is never mistaken for a leftover.
    socket.once('close', () => resolve(connected));
  });
}

/** Connections on the port in a state, both halves, as the app's own poller counts them on any platform. */
export async function connectionsIn(port: number, states: readonly TcpState[]): Promise<number> {
  const counts = await new NetstatPoller({ port }).pollOnce();
  if (!counts) throw new Error('connections cannot be counted on this machine');
  return states.reduce((n, s) => n + counts.server.byState[s] + counts.client.byState[s], 0);
}
