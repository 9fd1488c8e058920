/**
 * The watch's poll thread: reads the machine's whole connection table and counts it here, so the
 * thread that asked (the app's main process, the command line) receives only the bounded poll.
 * Entry point of out/worker/watch-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WatchPoll } from '../../shared/watch';
import { WatchModel } from './model';
import { PollRunner, sentenceOf } from './poll-runner';
import { tableSource } from './sources';
import type { WatchWorkerData } from './watcher';

const port = parentPort;
if (!port) throw new Error('watch-worker must run as a worker thread');
const data = workerData as WatchWorkerData;
const model = new WatchModel(data.machine, { limit: data.limit, startedMs: data.startedMs });
let runner: PollRunner | null = null;
let refusal = '';
try {
  runner = new PollRunner(tableSource(data.platform), model);
} catch (error) {
  refusal = sentenceOf(error);
}
port.on('message', () => {
  const poll: Promise<WatchPoll> = runner
    ? runner.poll()
    : Promise.resolve(model.failed(refusal, { pollMs: 0, nowMs: Date.now() }));
  void poll.then((reply) => port.postMessage(reply));
});
