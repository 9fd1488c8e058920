import type net from 'node:net';
import { toErrorRecord } from './error-record';
import { ErrorBatch } from './error-batch';
import { Coordination } from './coordination';
import { SLOT, type WorkerMessage, type WorkerSetup } from './protocol';
import { CLOSE_ORDERS } from './close-orders';
import { LoopSocket } from './loop-socket';
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

  // The listeners every connection shares: functions made once, each reading its socket from
  // `this`, so a connection costs its socket and nothing more (no closures, no once-wrappers).
  function onError(this: LoopSocket, err: NodeJS.ErrnoException): void {
    if (finished) return; // the stop's own doing, not the machine's
    if (!this.connected) return record(err, 'connect', null, this.connection);
    const op: Operation = err.syscall === 'write' ? 'write' : 'read';
    if (order.ignoresReadErrors && op === 'read') {
      co.add(SLOT.IGNORED_READ_ERRORS);
      return;
    }
    record(err, op, this.portAtError, this.connection);
  }

  function onClose(this: LoopSocket): void {
    if (current === this) next();
  }

  /** The server's FIN: close, as the seed's closesocket after recv returns 0, and connect again. */
  function onEnd(this: LoopSocket): void {
    this.destroy();
    if (current === this) next();
  }

  function onConnect(this: LoopSocket): void {
    this.connected = true;
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
        // Read until the server's FIN ('end'), then close; a read error ends it through 'close'.
        if (order.asks) this.write(CLOSE_REQUEST);
        this.on('end', onEnd);
        this.resume();
        return;
      case 'nothing':
        break;
    }
    if (order.resets) this.resetAndDestroy();
    else this.destroy();
    if (order.signals) co.signal(SLOT.CLIENT_CLOSED);
    next();
  }

  // allowHalfOpen: the seed closes with closesocket after recv returns 0; without it Node would
  // first shutdown(SD_SEND) on the server's FIN. One options object serves every connection.
  const socketOptions: net.SocketConstructorOpts = { allowHalfOpen: true };
  const target: net.TcpSocketConnectOpts = { host, port };

  function next(): void {
    current = null;
    if (finished) return;
    if (co.stopped) return finish('stopped');
    if (limit !== 0 && connects >= limit) return finish('connection-limit');
    const sock = new LoopSocket(socketOptions, ++attempt);
    current = sock;
    sock.on('error', onError);
    sock.on('close', onClose);
    sock.on('connect', onConnect);
    sock.connect(target);
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
