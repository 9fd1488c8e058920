/**
 * One side of the test, on its own thread: the server (accept, close) or the client (connect,
 * close), one connection at a time, in the close order of the run's mode. Entry point of
 * out/worker/engine-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runClient } from './client-side';
import { runServer } from './server-side';
import type { RunMessage, WorkerMessage, WorkerSetup } from './protocol';

const port = parentPort;
if (!port) throw new Error('engine-worker must run as a worker thread');
const setup = workerData as WorkerSetup;
const post = (message: WorkerMessage): void => port.postMessage(message);
const side = setup.role === 'server' ? runServer(setup, post) : runClient(setup, post);
port.on('message', (message: RunMessage) => {
  if (message.type === 'go') side.go();
  else if (message.type === 'stop') side.stop();
});
