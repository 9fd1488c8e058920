import { afterEach, describe, expect, it } from 'vitest';
import type { RunAllRequest } from '../../../src/shared/contract';
import { makeController, until, type Recorded } from './helpers';
import { freshPort } from '../../helpers/ports';

// Each test on a port nothing is listed for (TIME_WAIT lasts a minute or more).
let current: Recorded | null = null;
afterEach(async () => {
  await current?.controller.shutdown();
  current = null;
});

function request(port: number, extra: Partial<RunAllRequest> = {}): RunAllRequest {
  return {
    modes: ['server', 'abort'],
    host: '127.0.0.1',
    port,
    durationSec: 1,
    maxErrors: 10,
    connectionLimit: null,
    ...extra,
  };
}

describe('SessionController: Run all', () => {
  it('runs each mode in turn, waits for the half-connections to drain with a countdown, and returns the table', async () => {
    // A short TIME_WAIT stand-in keeps the test short: server-first leaves thousands of TIME_WAIT
    // entries on the server side, which this machine keeps for 60 s.
    current = makeController({ timeWaitSeconds: 2, drainGraceSeconds: 1, drainPollMs: 250 });
    const { controller, snapshots } = current;
    const document = await controller.runAll(request(await freshPort()));

    expect(document.status).toBe('complete');
    expect(document.runs.map((r) => r.mode)).toEqual(['server', 'abort']);
    expect(document.runs.every((r) => r.connections > 0 && r.stopReason === 'duration')).toBe(true);

    const drains = snapshots.map((s) => s.snapshot).filter((s) => s.state === 'draining');
    expect(drains.length).toBeGreaterThan(0);
    const countdowns = drains.map((s) => s.countdown).filter((c) => c !== null);
    expect(countdowns[0]?.reason).toBe('drain');
    expect(countdowns.some((c) => c.halfConnections > 0)).toBe(true);
    const left = countdowns.map((c) => c.remainingSec);
    expect(left).toEqual([...left].sort((a, b) => b - a));
    expect(drains.every((s) => s.runAll?.index === 1 && s.mode === 'abort')).toBe(true);

    const states = snapshots.map((s) => s.snapshot.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['waiting', 'running', 'draining', 'running', 'done']);
    const last = snapshots.at(-1)!.snapshot;
    expect(last.finished.map((r) => r.mode)).toEqual(['server', 'abort']);
    expect(last.runAll).toEqual({ modes: ['server', 'abort'], index: 1 });
    // The server-side entries outlived the short stand-in: the next mode started, and said why.
    expect(current.ended[0]?.message).toMatch(/half-connections were still listed when abort started/);
    expect(current.ended[0]?.historyId).not.toBeNull();
  });

  it('goes straight on when nothing is left to drain', async () => {
    current = makeController({ timeWaitSeconds: 30, drainPollMs: 250 });
    // The abortive close leaves no TIME_WAIT behind on either side, even where a run ends.
    const document = await current.controller.runAll(
      request(await freshPort(), { modes: ['abort', 'abort'] }),
    );
    expect(document.runs.map((r) => r.mode)).toEqual(['abort', 'abort']);
    // The table was empty at the first look, and the next mode started on it: no countdown ran.
    const drains = current.snapshots.map((s) => s.snapshot).filter((s) => s.state === 'draining');
    expect(drains.filter((s) => (s.countdown?.halfConnections ?? 0) > 0)).toEqual([]);
    expect(drains.filter((s) => s.countdown !== null && s.countdown.remainingSec < 30)).toEqual([]);
    expect(current.ended[0]?.message).toBeNull();
  });

  it('stops cleanly during the drain, keeping the finished runs', async () => {
    current = makeController({ timeWaitSeconds: 60, drainPollMs: 250 });
    const { controller, snapshots } = current;
    // Modes that leave nothing on the client side, should the stop come late and the next one run.
    const handle = await controller.startRunAll(
      request(await freshPort(), { modes: ['server', 'graceful', 'abort'] }),
    );
    await until(() => controller.snapshot().state === 'draining', 15_000);
    const asked = performance.now();
    await controller.stop();
    expect(performance.now() - asked).toBeLessThan(1000);
    const end = await handle.ended;
    expect(end.document.status).toBe('stopped');
    expect(end.document.runs.map((r) => r.mode)).toEqual(['server']);
    expect(snapshots.at(-1)?.snapshot.state).toBe('done');
    expect(controller.busy).toBe(false);
  });

  it('stops cleanly during a run, which ends as interrupted', async () => {
    current = makeController({ timeWaitSeconds: 1, drainGraceSeconds: 0 });
    const { controller } = current;
    const handle = await controller.startRunAll(
      request(await freshPort(), { modes: ['abort', 'graceful'], durationSec: 20 }),
    );
    await until(() => controller.snapshot().state === 'running' && controller.snapshot().connections > 0);
    await controller.stop();
    const end = await handle.ended;
    expect(end.document.status).toBe('stopped');
    expect(end.document.runs).toHaveLength(1);
    expect(end.document.runs[0]?.interrupted).toBe(true);
  });
});
