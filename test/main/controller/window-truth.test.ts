/**
 * What the controller tells the window must agree with what happened: the Errors figure counts the
 * whole session as the error log does, a stopped session says it was stopped and how far it got, a
 * refused start keeps the last session on show and offers to wait, and a run's end is counted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunAllRequest } from '../../../src/shared/contract';
import { RunStartError } from '../../../src/main/engine/run';
import { lingeringError } from '../../../src/main/engine/start-errors';
import { START_MS, makeError } from '../../fixtures/results/factory';
import { config } from './helpers';
import { counts, FakeCounter, fakeController, type Faked } from './fake-engine';

const request: RunAllRequest = {
  modes: ['client', 'server', 'graceful'],
  host: '127.0.0.1',
  port: 63001,
  durationSec: 1,
  maxErrors: 10,
  connectionLimit: null,
};
const error = (connection: number, code = 'EADDRNOTAVAIL') =>
  makeError({ atMs: START_MS + connection, op: 'connect', code, connection });

let f: Faked;
beforeEach(() => {
  vi.useFakeTimers();
  f = fakeController({ timeWaitSeconds: 60, drainGraceSeconds: 5, drainPollMs: 1000 });
});
afterEach(() => {
  vi.useRealTimers();
});
const after = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

describe('what the controller tells the window', () => {
  it("counts a Run all's errors over all its modes, as the error log lists them", async () => {
    const { controller, engine } = f;
    engine.counterToGive = new FakeCounter([counts(0)]);
    const handle = await controller.startRunAll(request);
    await after(0);
    for (let i = 1; i <= 3; i++) engine.lastRun.error(error(i));
    await after(250);
    expect(controller.snapshot()).toMatchObject({ errorTotal: 3, errorCounts: { EADDRNOTAVAIL: 3 } });
    engine.lastRun.end('max-errors');
    await after(0);
    // Between modes the first mode's errors still count.
    expect(controller.snapshot().errorTotal).toBe(3);
    await after(0);
    engine.lastRun.error(error(1, 'ECONNRESET'));
    await after(250);
    expect(controller.snapshot()).toMatchObject({
      errorTotal: 4,
      errorCounts: { EADDRNOTAVAIL: 3, ECONNRESET: 1 },
    });
    engine.lastRun.end();
    await after(0);
    engine.lastRun.end();
    await handle.ended;
    // The last mode had no error; the figure is still the session's, not 0.
    expect(controller.snapshot()).toMatchObject({
      state: 'done',
      errorTotal: 4,
      ended: { status: 'complete', ran: 3, planned: 3 },
    });
  });

  it('says a stopped Run all was stopped, and after how many of its close orders', async () => {
    const { controller, engine } = f;
    const handle = await controller.startRunAll(request);
    await after(0);
    engine.lastRun.end();
    await after(0);
    await controller.stop();
    const ended = await handle.ended;
    expect(ended.document.status).toBe('stopped');
    expect(controller.snapshot()).toMatchObject({
      state: 'done',
      ended: { status: 'stopped', ran: 1, planned: 3 },
    });
  });

  it('says a Run all stopped while it waited ran nothing, and saves nothing', async () => {
    const { controller, engine, history } = f;
    engine.counterToGive = new FakeCounter([counts(4)]);
    const handle = await controller.startRunAll(request);
    await after(250);
    expect(controller.snapshot().state).toBe('waiting');
    await controller.stop();
    const ended = await handle.ended;
    expect(ended.document.runs).toEqual([]);
    expect(ended.historyId).toBeNull();
    expect(history.saved).toHaveLength(0);
    expect(controller.snapshot()).toMatchObject({ ended: { status: 'stopped', ran: 0, planned: 3 } });
  });

  it('counts the half-connections once more as a run ends, so the figures are not from before', async () => {
    const { controller, engine } = f;
    const counter = new FakeCounter([counts(0, 250)]);
    engine.counterToGive = counter;
    const handle = await controller.start(config(63001, { mode: 'client' }));
    await after(0);
    engine.lastRun.end('max-errors');
    await handle.ended;
    expect(counter.polls).toBe(1);
    expect(controller.snapshot().netstat?.client.total).toBe(250);
  });

  it('keeps the last session on show when a start is refused, and offers to wait when connections linger', async () => {
    const { controller, engine } = f;
    const first = await controller.start(config(63001));
    await after(0);
    engine.lastRun.error(error(1));
    engine.lastRun.end();
    const ended = await first.ended;
    engine.refuseNext = lingeringError(12, 63001, 60);
    await expect(controller.start(config(63001, { force: false }))).rejects.toBeInstanceOf(RunStartError);
    const shown = controller.snapshot();
    expect(shown).toMatchObject({
      state: 'idle',
      sessionId: ended.sessionId,
      errorTotal: 1,
      canWaitToStart: true,
      finished: [{ mode: 'server' }],
    });
    expect(shown.message).toMatch(/^12 half-connections of an earlier run are still listed for port 63001\./);
    expect(shown.message).toContain('"Wait and start"');
    expect(shown.message).not.toContain('Wait about');

    engine.refuseNext = new RunStartError('PORT_IN_USE', 'Port 63001 is already in use by another program.');
    await expect(controller.start(config(63001))).rejects.toBeInstanceOf(RunStartError);
    expect(controller.snapshot()).toMatchObject({
      canWaitToStart: false,
      message: 'Port 63001 is already in use by another program.',
    });
  });

  it('waits for the half-connections of an earlier run with a countdown, then starts by itself', async () => {
    const { controller, engine } = f;
    engine.counterToGive = new FakeCounter([counts(5, 1), counts(2), counts(0)]);
    const handle = await controller.start(config(63001, { force: false }), { waitForDrain: true });
    await after(250);
    expect(engine.runs).toHaveLength(0);
    expect(controller.snapshot()).toMatchObject({
      state: 'waiting',
      mode: 'server',
      countdown: { reason: 'before-start', halfConnections: 6 },
    });
    await after(1000);
    expect(controller.snapshot().countdown).toMatchObject({ halfConnections: 2 });
    await after(1000);
    expect(engine.runs).toHaveLength(1);
    // The wait found the table clean: the engine does not check it a second time.
    expect(engine.lastRun.config.force).toBe(true);
    expect(controller.snapshot()).toMatchObject({ state: 'running', countdown: null });
    engine.lastRun.end();
    const ended = await handle.ended;
    expect(ended.document.runs.map((r) => r.mode)).toEqual(['server']);
    expect(f.states()).toEqual(['waiting', 'running', 'done']);
  });

  it('stops a start that waits, starting nothing', async () => {
    const { controller, engine } = f;
    engine.counterToGive = new FakeCounter([counts(5)]);
    const handle = await controller.start(config(63001), { waitForDrain: true });
    await after(250);
    await controller.stop();
    const ended = await handle.ended;
    expect(engine.runs).toHaveLength(0);
    expect(ended.document.runs).toEqual([]);
    expect(controller.snapshot().ended).toMatchObject({ status: 'stopped', ran: 0 });
  });
});
