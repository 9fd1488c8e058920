/**
 * Open connections for a table reader to find: a listener on a fresh test port and clients
 * connected to it over loopback, each listed ESTABLISHED on both sides until `close`.
 */
import net from 'node:net';
import { freshPort } from './ports';

export interface HeldConnections {
  port: number;
  /** Resets every connection, so none is left in TIME_WAIT for later tests, and stops listening. */
  close(): Promise<void>;
}

export async function holdConnections(count: number): Promise<HeldConnections> {
  const port = await freshPort();
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  for (let i = 0; i < count; i++) {
    sockets.push(
      await new Promise<net.Socket>((r) => {
        const s = net.connect(port, '127.0.0.1', () => r(s));
      }),
    );
  }
  // A connect resolves before the listener has accepted it: a moment for the last accepts.
  await new Promise((r) => setTimeout(r, 100));
  return {
    port,
    close: async () => {
      for (const s of sockets) s.resetAndDestroy();
      await new Promise((r) => server.close(r));
    },
  };
}
