import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { NetstatPoller } from '../../src/main/engine/netstat/poller';
import type { TcpState } from '../../src/shared/types';

/** Counts TCP entries with an ss filter, e.g. `state time-wait`, `sport = :61000` (Linux). */
export function ssCount(state: string, filter: string): number {
  const out = execFileSync('ss', ['-Htan', 'state', state, filter], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.split('\n').filter((line) => line.trim() !== '').length;
}

/** Anything at all listed for a port, either side, listeners included: ss on Linux, netstat elsewhere. */
export function anyOnPort(port: number): number {
  if (process.platform === 'linux') return ssCount('all', `( sport = :${port} or dport = :${port} )`);
  const out = execFileSync('netstat', ['-an', '-p', process.platform === 'win32' ? 'TCP' : 'tcp'], {
    encoding: 'latin1',
    maxBuffer: 1 << 28,
    windowsHide: true,
  });
  // Windows writes 127.0.0.1:40000, macOS 127.0.0.1.40000: a port ends an address token.
  const ends = new RegExp(`[:.]${port}$`);
  return out.split(/\r?\n/).filter((line) =>
    line
      .trim()
      .split(/\s+/)
      .some((t) => ends.test(t)),
  ).length;
}

/**
 * A port in [from, to) with nothing listed for it: TIME_WAIT of an earlier run on the same port
 * lasts a minute or more and would mix with this run's evidence.
 */
export function freshPort(from: number, to: number): number {
  for (let i = 0; i < 200; i++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (anyOnPort(port) === 0) return port;
  }
  throw new Error(`no port without connections between ${from} and ${to}`);
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
