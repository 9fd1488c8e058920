import net from 'node:net';
import { toErrorRecord } from './error-record';
import { ErrorBatch } from './error-batch';
import { Coordination } from './coordination';
import { SLOT, type WorkerMessage, type WorkerSetup } from './protocol';
import type { Side } from './client-side';
import { CLOSE_ORDERS } from './close-orders';

/**
 * The server thread: accept, close as the mode's row of the close-order table says, accept again.
 */
export function runServer(setup: WorkerSetup, post: (message: WorkerMessage) => void): Side {
  const { host, port, mode } = setup;
  const order = CLOSE_ORDERS[mode].server;
  const co = new Coordination(setup.shared);
  const errors = new ErrorBatch(post);
  const platform = process.platform;
  const maxErrors = co.load(SLOT.MAX_ERRORS);
  /**
   * Sockets still open after 'connection', with their peer ports for the error records (only the
   * workaround waits for the client's byte). Their listeners are shared, not made per socket.
   */
  const open = new Map<net.Socket, number | null>();
  let accepted = 0;
  let clientOffset = 0;
  let listening = false;
  let finished = false;

  function record(err: unknown, op: 'accept' | 'read', peerPort: number | null): void {
    errors.push(
      toErrorRecord(err, {
        side: 'server',
        op,
        localPort: port,
        peerPort,
        connection: accepted,
        platform,
        mode,
      }),
    );
    if (co.add(SLOT.ERRORS) >= maxErrors) {
      errors.flush();
      post({ type: 'finished', reason: 'max-errors' });
    }
  }

  function closeNow(this: net.Socket): void {
    this.destroy();
  }
  function onReadError(this: net.Socket, err: Error): void {
    record(err, 'read', open.get(this) ?? null);
  }
  function onRequestClosed(this: net.Socket): void {
    open.delete(this);
  }

  // pauseOnConnect: Node would otherwise start reading before 'connection' fires, and closing a
  // socket with a read pending may send RST instead of FIN on Windows.
  const server = net.createServer({ pauseOnConnect: true }, (sock) => {
    accepted++;
    switch (order.waits) {
      case 'client-closed':
        if (!co.waitFor(SLOT.CLIENT_CLOSED, accepted + clientOffset) && !co.stopped) {
          clientOffset = co.load(SLOT.CLIENT_CLOSED) - accepted;
        }
        break;
      case 'barrier':
        co.barrier();
        break;
      case 'request': {
        // The client's request byte (or its FIN) arrives, then we close.
        open.set(sock, sock.remotePort ?? null);
        sock.on('error', onReadError);
        sock.on('data', closeNow);
        sock.on('end', closeNow);
        sock.on('close', onRequestClosed);
        sock.resume();
        return;
      }
      case 'nothing':
        break;
    }
    sock.destroy();
    if (order.signals) co.signal(SLOT.SERVER_CLOSED);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (!listening) {
      post({ type: 'listen-failed', code: err.code ?? 'UNKNOWN', message: err.message });
      return;
    }
    record(err, 'accept', null);
  });
  // The system's largest backlog (Linux caps it at net.core.somaxconn, Windows at its own maximum),
  // as a C program's listen(s, SOMAXCONN): in the orders where the client does not wait for the
  // server, a server thread held up for a moment would otherwise fill Node's default 511, and on
  // Linux each connect refused by a full queue waits a second for the SYN to be sent again.
  server.listen({ host, port, backlog: 65535, exclusive: true }, () => {
    listening = true;
    post({ type: 'listening' });
  });

  return {
    go() {},
    stop() {
      if (finished) return;
      finished = true;
      co.wakeAll();
      server.close();
      for (const sock of open.keys()) sock.destroy();
      open.clear();
      errors.flush();
      post({ type: 'done', startedAt: 0, endedAt: 0 });
    },
  };
}
