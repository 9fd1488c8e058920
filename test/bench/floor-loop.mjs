/*
 * floor-loop: the least a node:net loop can do in each close order, to tell how much of the
 * engine's distance from the native loop (refloop.c) is the engine's own and how much is node:net's.
 *
 * The same two threads and the same orders as refloop.c, written as plainly as node:net allows: one
 * connection at a time, shared listeners, no error records, no counts but connects, and waits that
 * spin without ever sleeping, as the native loop's do. Nothing here is the product; the engine
 * (src/main/engine) must also record errors, stop within a second and leave its threads' event
 * loops free to do so.
 *
 * usage: node floor-loop.mjs MODE SECONDS [PORT]
 * prints one line, as refloop does: mode=M connects=N seconds=S rate=R errors=E
 */
import net from 'node:net';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const ORDERS = ['any', 'client', 'server', 'simultaneous', 'graceful'];
// Slots of the shared Int32Array.
const STOP = 0;
const CONNECTS = 1;
const CLIENT_CLOSED = 2;
const SERVER_CLOSED = 3;
const BARRIER_COUNT = 4;
const BARRIER_SENSE = 5;
const ERRORS = 6;
const HOST = '127.0.0.1';

if (isMainThread) {
  const [mode, secondsText, portText = '40100'] = process.argv.slice(2);
  const seconds = Number(secondsText);
  const port = Number(portText);
  if (!ORDERS.includes(mode) || !(seconds > 0) || !Number.isInteger(port)) {
    console.error(`usage: node floor-loop.mjs ${ORDERS.join('|')} SECONDS [PORT]`);
    process.exit(1);
  }
  const shared = new SharedArrayBuffer(8 * 4);
  const slots = new Int32Array(shared);
  const start = (role) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { role, mode, port, shared } });
    worker.on('error', (err) => {
      console.error(`${role} thread: ${err.message}`);
      process.exit(2);
    });
    return new Promise((resolve) => worker.once('message', () => resolve(worker)));
  };
  const server = await start('server');
  const began = performance.now();
  const client = await start('client');
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const connects = Atomics.load(slots, CONNECTS);
  const elapsed = (performance.now() - began) / 1000;
  Atomics.store(slots, STOP, 1);
  console.log(
    `mode=${mode} connects=${connects} seconds=${elapsed.toFixed(3)} rate=${Math.round(connects / elapsed)} errors=${Atomics.load(slots, ERRORS)}`,
  );
  await Promise.all([client.terminate(), server.terminate()]);
} else {
  const { role, mode, port, shared } = workerData;
  const slots = new Int32Array(shared);
  let sense = 0;
  const stopped = () => Atomics.load(slots, STOP) !== 0;
  const waitFor = (slot, target) => {
    while (Atomics.load(slots, slot) < target && !stopped());
  };
  const barrier = () => {
    sense ^= 1;
    if (Atomics.add(slots, BARRIER_COUNT, 1) === 1) {
      Atomics.store(slots, BARRIER_COUNT, 0);
      Atomics.store(slots, BARRIER_SENSE, sense);
    } else {
      while (Atomics.load(slots, BARRIER_SENSE) !== sense && !stopped());
    }
  };

  if (role === 'server') {
    let accepted = 0;
    const server = net.createServer({ pauseOnConnect: true }, (sock) => {
      accepted++;
      if (mode === 'client') waitFor(CLIENT_CLOSED, accepted);
      if (mode === 'simultaneous') barrier();
      sock.destroy();
      if (mode === 'server') Atomics.add(slots, SERVER_CLOSED, 1);
    });
    server.listen({ host: HOST, port, backlog: 65535, exclusive: true }, () =>
      parentPort.postMessage('listening'),
    );
  } else {
    let connects = 0;
    const options = { host: HOST, port, allowHalfOpen: true };
    function onError() {
      Atomics.add(slots, ERRORS, 1);
    }
    // A connection the loop has moved on from is `settled`; one that ends otherwise (a failed
    // connect, a read error) moves it on when it closes.
    function onClose() {
      if (!this.settled) next();
    }
    function onEnd() {
      this.settled = true;
      this.destroy();
      next();
    }
    function onConnect() {
      connects++;
      Atomics.add(slots, CONNECTS, 1);
      if (mode === 'graceful') {
        this.on('end', onEnd);
        this.resume();
        return;
      }
      if (mode === 'server') waitFor(SERVER_CLOSED, connects);
      if (mode === 'simultaneous') barrier();
      this.settled = true;
      this.destroy();
      if (mode === 'client') Atomics.add(slots, CLIENT_CLOSED, 1);
      next();
    }
    function next() {
      if (stopped()) return;
      const sock = net.connect(options);
      sock.settled = false;
      sock.on('error', onError);
      sock.on('close', onClose);
      sock.on('connect', onConnect);
    }
    parentPort.postMessage('ready');
    next();
  }
}
