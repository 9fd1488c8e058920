import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetstatPoller } from '../../../../src/main/engine/netstat/poller';
import { holdConnections, type HeldConnections } from '../../../helpers/loopback';

let held: HeldConnections;
let port: number;

beforeAll(async () => {
  held = await holdConnections(5);
  port = held.port;
});

afterAll(() => held?.close());

describe('polling on a thread of its own', () => {
  it('counts what a poll on this thread counts', async () => {
    const threaded = new NetstatPoller({ port, workerPath: resolve('out/worker/netstat-worker.js') });
    const here = new NetstatPoller({ port });
    const [a, b] = [await threaded.pollOnce(), await here.pollOnce()];
    expect(a?.server.byState.ESTABLISHED).toBe(5);
    expect(a?.client.byState.ESTABLISHED).toBe(5);
    expect(a?.server).toEqual(b?.server);
    expect(a?.client).toEqual(b?.client);
    expect(threaded.latest).toEqual(a);
    await threaded.close();
    expect(process.getActiveResourcesInfo().filter((r) => /Worker|MessagePort/.test(r))).toEqual([]);
  });

  it('reports a poll thread that cannot start as unavailable, without throwing', async () => {
    const broken = new NetstatPoller({ port, workerPath: resolve('out/worker/no-such-worker.js') });
    expect(await broken.pollOnce()).toBeNull();
    expect(broken.lastError).toMatch(/^Connections cannot be counted/);
    await broken.close();
  });
});
