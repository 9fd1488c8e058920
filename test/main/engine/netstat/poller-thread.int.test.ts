import net from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetstatPoller } from '../../../../src/main/engine/netstat/poller';
import { freshPort } from '../../../helpers/ports';

const sockets: net.Socket[] = [];
let port: number;
let server: net.Server;

beforeAll(async () => {
  port = await freshPort();
  server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  for (let i = 0; i < 5; i++) {
    sockets.push(
      await new Promise<net.Socket>((r) => {
        const s = net.connect(port, '127.0.0.1', () => r(s));
      }),
    );
  }
  await new Promise((r) => setTimeout(r, 50));
});

afterAll(async () => {
  for (const s of sockets) s.resetAndDestroy();
  await new Promise((r) => server.close(r));
});

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
