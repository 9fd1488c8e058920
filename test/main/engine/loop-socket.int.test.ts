import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopSocket } from '../../../src/main/engine/loop-socket';

const servers: net.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A listener on a free loopback port that treats each connection as `onConnection` says. */
async function listen(onConnection: (sock: net.Socket) => void): Promise<number> {
  const server = net.createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

describe("the client loop's socket", () => {
  it('keeps the local port of a connection that a reset ends, which Node forgets before the error', async () => {
    let peerPort = 0;
    // The server reads the client's byte, then resets: the client, reading, gets ECONNRESET.
    const port = await listen((sock) => {
      peerPort = sock.remotePort ?? 0;
      sock.once('data', () => sock.resetAndDestroy());
    });
    const sock = new LoopSocket({ allowHalfOpen: true }, 7);
    const failed = new Promise<NodeJS.ErrnoException>((resolve) => sock.on('error', resolve));
    sock.on('connect', () => {
      sock.connected = true;
      sock.write('Q');
      sock.resume();
    });
    sock.connect({ host: '127.0.0.1', port });
    const err = await failed;
    expect(err.code).toBe('ECONNRESET');
    // What an error record gets: the port the server saw, though the handle is already closed.
    expect(sock.localPort).toBeUndefined();
    expect(peerPort).toBeGreaterThan(0);
    expect(sock.portAtError).toBe(peerPort);
    expect(sock.connection).toBe(7);
  });

  it('reads no port for a connection that closes without an error, nor for a failed connect', async () => {
    const port = await listen((sock) => sock.end());
    const ended = new LoopSocket({ allowHalfOpen: true }, 1);
    ended.on('connect', () => {
      ended.connected = true;
      ended.resume();
    });
    ended.on('end', () => ended.destroy());
    ended.connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => ended.on('close', resolve));
    expect(ended.portAtError).toBeNull();

    // A port nothing listens on: the listener above, closed.
    const closed = await listen(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const refused = new LoopSocket({ allowHalfOpen: true }, 2);
    const failed = new Promise<NodeJS.ErrnoException>((resolve) => refused.on('error', resolve));
    refused.connect({ host: '127.0.0.1', port: closed });
    expect((await failed).code).toBe('ECONNREFUSED');
    expect(refused.portAtError).toBeNull();
  });
});
