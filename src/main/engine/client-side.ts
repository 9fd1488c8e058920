import net from 'node:net';
import { toErrorRecord } from './error-record';
import { ErrorBatch } from './error-batch';
import { Coordination } from './coordination';
import { SLOT, type WorkerMessage, type WorkerSetup } from './protocol';
import { CLOSE_ORDERS } from './close-orders';
import type { Operation } from '../../shared/types';

/** The byte the workaround's client sends to ask the server to close first. */
const CLOSE_REQUEST = Buffer.from([0x51]);
/** How long a stop waits for the connection in flight to close, well inside the run's grace. */
const IN_FLIGHT_CLOSE_MS = 250;

export interface Side {
  go(): void;
  stop(): void;
}

/**
 * The client thread: connect, close as the mode's row of the close-order table says, connect
 * again. One connection in flight, like the original's blocking loop.
 */
export function runClient(setup: WorkerSetup, post: (message: WorkerMessage) => void): Side {
  const { host, port, mode } = setup;
  const order = CLOSE_ORDERS[mode].client;
  const co = new Coordination(setup.shared);
  const errors = new ErrorBatch(post);
  const platform = process.platform;
  const limit = co.load(SLOT.CONNECTION_LIMIT);
  const maxErrors = co.load(SLOT.MAX_ERRORS);
  let current: net.Socket | null = null;
  let attempt = 0;
  let connects = 0;
  /** Resynchronises mode server if the server ever missed a connection the client saw. */
  let serverOffset = 0;
  let finished = false;
  let startedAt = 0;

  const now = (): number => performance.timeOrigin + performance.now();

  function record(err: unknown, op: Operation, localPort: number | null, connection: number): void {
    errors.push(
      toErrorRecord(err, { side: 'client', op, localPort, peerPort: port, connection, platform, mode }),
    );
    if (co.add(SLOT.ERRORS) >= maxErrors) finish('max-errors');
  }

  function finish(reason: 'stopped' | 'connection-limit' | 'max-errors'): void {
    if (finished) return;
    finished = true;
    const endedAt = now();
    const sock = current;
    current = null;
    const report = (): void => {
      errors.flush();
      if (reason !== 'stopped') post({ type: 'finished', reason });
      post({ type: 'done', startedAt, endedAt });
    };
    if (!sock) return report();
    // The connection in flight is closed the mode's way, so a stop leaves behind what the mode
    // leaves: in abort mode a reset (Node sends it once a pending connect completes, which on
    // loopback is at once), where a plain close would leave a TIME_WAIT the mode promises not to.
    const timer = setTimeout(() => {
      sock.destroy();
      report();
    }, IN_FLIGHT_CLOSE_MS);
    sock.once('close', () => {
      clearTimeout(timer);
      report();
    });
    if (order.resets) sock.resetAndDestroy();
    else sock.destroy();
  }

  // A few sockets serve every connection in turn (socket.connect() reconnects a socket once it has
  // emitted 'close'), with their listeners added once: building a socket and its listeners is most
  // of what a connection costs this thread. One connection is in flight at a time, so its state is
  // in this function's variables, and a listener called for an earlier connection's socket
  // (this !== current) has nothing left to do.
  let connected = false;
  let localPort: number | null = null;
  const closed: net.Socket[] = [];

  function freshSocket(): net.Socket {
    // allowHalfOpen: the seed closes with closesocket after recv returns 0; without it Node would
    // first shutdown(SD_SEND) on the server's FIN.
    const sock = new net.Socket({ allowHalfOpen: true });
    sock.on('error', onError);
    sock.on('connect', onConnect);
    sock.on('close', onClose);
    if (order.waits === 'fin') sock.on('end', onEnd);
    return sock;
  }

  function onClose(this: net.Socket): void {
    closed.push(this);
  }

  function onError(this: net.Socket, err: NodeJS.ErrnoException): void {
    if (finished || this !== current) return; // the stop's own doing, or a connection already left
    if (!connected) record(err, 'connect', null, attempt);
    else if (order.ignoresReadErrors && err.syscall !== 'write') co.add(SLOT.IGNORED_READ_ERRORS);
    else record(err, err.syscall === 'write' ? 'write' : 'read', localPort, attempt);
    // 'close' follows at once: the failed socket is already being closed.
    if (!finished) next();
  }

  /** The server's FIN (reading orders): close, and connect again without waiting for 'close'. */
  function onEnd(this: net.Socket): void {
    this.destroy();
    if (this === current) next();
  }

  function onConnect(this: net.Socket): void {
    closeInOrder(this);
  }

  function closeInOrder(sock: net.Socket): void {
    connected = true;
    connects++;
    co.add(SLOT.CONNECTS);
    // Every order but the reading ones closes here, inside 'connect', before Node starts its
    // first read: on Windows, closing with a read pending may send RST instead of FIN.
    switch (order.waits) {
      case 'server-closed':
        if (!co.waitFor(SLOT.SERVER_CLOSED, connects + serverOffset) && !co.stopped) {
          serverOffset = co.load(SLOT.SERVER_CLOSED) - connects;
        }
        break;
      case 'barrier':
        co.barrier();
        break;
      case 'fin':
        // Read until the server's FIN ('end'), then close.
        localPort = sock.localPort ?? null;
        if (order.asks) sock.write(CLOSE_REQUEST);
        sock.resume();
        return;
      case 'nothing':
        break;
    }
    if (order.resets) sock.resetAndDestroy();
    else sock.destroy();
    if (order.signals) co.signal(SLOT.CLIENT_CLOSED);
    next();
  }

  function next(): void {
    current = null;
    if (finished) return;
    if (co.stopped) return finish('stopped');
    if (limit !== 0 && connects >= limit) return finish('connection-limit');
    attempt++;
    connected = false;
    localPort = null;
    const sock = closed.pop() ?? freshSocket();
    current = sock;
    sock.connect(port, host);
  }

  return {
    go() {
      startedAt = now();
      post({ type: 'ready' });
      next();
    },
    stop() {
      co.wakeAll();
      finish('stopped');
    },
  };
}
