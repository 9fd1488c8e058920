/**
 * The poll thread: counts connections on request, off the thread that owns the session. Entry
 * point of out/worker/netstat-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NetstatPoller, type PollReply, type PollerOptions } from './poller';

const port = parentPort;
if (!port) throw new Error('netstat-worker must run as a worker thread');
const poller = new NetstatPoller(workerData as PollerOptions);
port.on('message', () => {
  void poller
    .pollHere()
    .then((counts) => port.postMessage({ counts, error: poller.lastError } satisfies PollReply));
});
