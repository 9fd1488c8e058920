/**
 * The Watcher on real sockets: polls on its own thread and on the caller's give the same counts,
 * polls never overlap and come at most four a second, and a table that cannot be read gives an
 * error poll while the watch goes on.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExhaustionEvents, WatchPoll } from '../../../src/shared/watch';
import { tableSource } from '../../../src/main/watch/sources';
import type { TableSource } from '../../../src/main/watch/table-source';
import { Watcher, watchMachine } from '../../../src/main/watch/watcher';
import { UserError } from '../../../src/main/user-error';
import { holdConnections, type HeldConnections } from '../../helpers/loopback';

const WORKER = resolve('out/worker/watch-worker.js');
let held: HeldConnections;
let port: number;

beforeAll(async () => {
  held = await holdConnections(3);
  port = held.port;
});

afterAll(() => held?.close());

const toServer = (poll: WatchPoll) => poll.destinations.find((d) => d.endpoint === `127.0.0.1:${port}`);

/** The platform's own reader, failing on the calls listed (1 is the first). */
function failingOn(calls: number[], error: Error): TableSource & { starts: number[] } {
  const real = tableSource(process.platform);
  let call = 0;
  const starts: number[] = [];
  return {
    starts,
    read(visit) {
      starts.push(performance.now());
      return ++call && calls.includes(call) ? Promise.reject(error) : real.read(visit);
    },
  };
}

function polls(watcher: Watcher, count: number): Promise<WatchPoll[]> {
  const seen: WatchPoll[] = [];
  return new Promise((done) => {
    const on = (poll: WatchPoll): void => {
      seen.push(poll);
      if (seen.length < count) return;
      watcher.off('poll', on);
      done(seen);
    };
    watcher.on('poll', on);
  });
}

describe('watching this computer', () => {
  it('counts the same connections on a thread of its own as on this one', async () => {
    const machine = await watchMachine();
    const threaded = new Watcher({ workerPath: WORKER, machine });
    const here = new Watcher({ machine });
    const [a, b] = [await threaded.pollOnce(), await here.pollOnce()];
    for (const poll of [a, b]) {
      expect(poll.error).toBeNull();
      expect(poll.kind).toBe('socketclosetest-watch');
      expect(toServer(poll)?.byState.ESTABLISHED).toBe(3);
      expect(poll.machine.timeWaitSeconds).toBe(machine.timeWaitSeconds);
      if (poll.machine.ownersAvailable) expect(poll.programs.map((p) => p.pid)).toContain(process.pid);
    }
    expect(a.source).toBe(b.source);
    expect(threaded.latest).toBe(a);
    await threaded.close();
    await here.close();
    expect(process.getActiveResourcesInfo().filter((r) => /Worker|MessagePort/.test(r))).toEqual([]);
  });

  it('joins a poll under way rather than starting a second', async () => {
    const watcher = new Watcher({ workerPath: WORKER });
    const [a, b] = [watcher.pollOnce(), watcher.pollOnce()];
    expect(await a).toBe(await b);
    await watcher.close();
  });

  it('reads the machine facts it needs', async () => {
    const machine = await watchMachine();
    expect(machine.platform).toBe(process.platform);
    expect(machine.timeWaitSeconds).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(machine.ephemeralRange?.start).toBeGreaterThan(0);
  });

  it('polls at most four times a second, one at a time, and stops', async () => {
    const source = failingOn([], new Error('never'));
    const watcher = new Watcher({ source, intervalMs: 50, machine: await watchMachine() });
    const seen = polls(watcher, 4);
    watcher.start();
    watcher.start();
    await seen;
    await watcher.stop();
    const starts = [...source.starts];
    // Polls start at least 250 ms apart; a read starts a few milliseconds into its poll, more or
    // less from one to the next, so the whole span is checked, with 50 ms for that.
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(250 * (starts.length - 1) - 50);
    await new Promise((r) => setTimeout(r, 600));
    expect(source.starts).toHaveLength(starts.length);
    await watcher.close();
  });

  it('gives an error poll when the table cannot be read, and goes on', async () => {
    const source = failingOn([1, 2], new UserError('The table is gone for now.'));
    const watcher = new Watcher({ source, intervalMs: 250 });
    const seen = polls(watcher, 3);
    watcher.start();
    const [first, , third] = await seen;
    await watcher.close();
    expect(first!.error).toBe('The table is gone for now.');
    expect(first!.destinations).toEqual([]);
    expect(third!.error).toBeNull();
    expect(toServer(third!)?.byState.ESTABLISHED).toBe(3);
  });

  it('says in a sentence what went wrong when the reader fails unexpectedly', async () => {
    const watcher = new Watcher({ source: failingOn([1], new Error('EIO: i/o error, read')) });
    const poll = await watcher.pollOnce();
    expect(poll.error).toBe("This computer's connections cannot be read: EIO: i/o error, read");
    await watcher.close();
  });

  it('reports a poll thread that cannot start as an error poll, without throwing', async () => {
    const watcher = new Watcher({ workerPath: resolve('out/worker/no-such-worker.js') });
    const poll = await watcher.pollOnce();
    expect(poll.error).toMatch(/^This computer's connections cannot be read: /);
    await watcher.close();
  });

  it("carries Windows' port-exhaustion events from its first poll, read at most once a minute", async () => {
    const events: ExhaustionEvents = {
      available: true,
      events: [
        {
          id: 4227,
          time: '2026-12-03T10:00:00',
          message: 'TCP/IP failed to establish an outgoing connection.',
        },
      ],
      note: null,
      source: 'wevtutil qe System',
    };
    let reads = 0;
    const source: TableSource = {
      read: (visit) => tableSource(process.platform).read(visit),
      exhaustionEvents: async () => {
        reads++;
        await new Promise((r) => setTimeout(r, 100));
        return events;
      },
    };
    const watcher = new Watcher({ source });
    const first = await watcher.pollOnce();
    expect(first.machine.exhaustionEvents).toEqual(events);
    expect((await watcher.pollOnce()).machine.exhaustionEvents).toEqual(events);
    expect(reads).toBe(1);
    await watcher.close();
  });
});
