import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunAllRequest } from '../../../src/shared/contract';
import { RunStartError } from '../../../src/main/engine/run';
import { counts, FakeCounter, fakeController, type Faked } from './fake-engine';

const request: RunAllRequest = {
  modes: ['server', 'abort'],
  host: '127.0.0.1',
  port: 63001,
  durationSec: 1,
  maxErrors: 10,
  connectionLimit: null,
};

let f: Faked;
beforeEach(() => {
  vi.useFakeTimers();
  // TIME_WAIT 60 s and 5 s of grace: a wait that never sees the table clean lasts 65 s.
  f = fakeController({ timeWaitSeconds: 60, drainGraceSeconds: 5, drainPollMs: 1000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets the controller take its next steps, `ms` of fake time apart. */
const after = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

describe('SessionController on a fake engine: Run all', () => {
  it('waits for earlier half-connections, runs each mode, drains between them with a countdown, ends done', async () => {
    const { controller, engine } = f;
    // The third count is taken as the first mode ends: the figures show the table it left.
    engine.counterToGive = new FakeCounter([
      counts(3),
      counts(0),
      counts(6, 1),
      counts(5, 2),
      counts(2),
      counts(0),
    ]);
    const handle = await controller.startRunAll(request);
    await after(250);
    expect(controller.snapshot()).toMatchObject({
      state: 'waiting',
      countdown: { reason: 'before-start', remainingSec: 65, halfConnections: 3 },
      runAll: { modes: ['server', 'abort'], index: 0 },
      mode: 'server',
    });
    expect(engine.runs).toHaveLength(0);
    await after(1000);
    expect(engine.runs.map((r) => r.config)).toEqual([
      {
        mode: 'server',
        host: '127.0.0.1',
        port: 63001,
        durationSec: 1,
        connectionLimit: null,
        maxErrors: 10,
        force: true,
      },
    ]);
    engine.lastRun.end();
    await after(250);
    expect(controller.snapshot()).toMatchObject({
      state: 'draining',
      countdown: { reason: 'drain', remainingSec: 65, halfConnections: 7 },
      runAll: { index: 1 },
      mode: 'abort',
      finished: [{ mode: 'server' }],
    });
    await after(1000);
    expect(controller.snapshot().countdown).toMatchObject({ remainingSec: 64, halfConnections: 2 });
    await after(1000);
    expect(engine.runs).toHaveLength(2);
    engine.lastRun.end();
    const end = await handle.ended;
    expect(f.states()).toEqual(['waiting', 'running', 'draining', 'running', 'done']);
    expect(end).toMatchObject({ historyId: 'h1', message: null, document: { status: 'complete' } });
    expect(end.document.runs.map((r) => r.mode)).toEqual(['server', 'abort']);
    expect(f.runLogs).toHaveLength(1);
    expect(f.runLogs[0]!.lines).toEqual(['begin server', 'run server', 'begin abort', 'run abort']);
  });

  it('starts the first mode at once where nothing can be counted, and waits out TIME_WAIT before the next', async () => {
    const { controller, engine } = f;
    const handle = await controller.startRunAll(request);
    await after(0);
    expect(engine.runs).toHaveLength(1);
    engine.lastRun.end();
    await after(64_000);
    expect(controller.snapshot()).toMatchObject({ state: 'draining', countdown: { halfConnections: 0 } });
    expect(engine.runs).toHaveLength(1);
    await after(1000);
    expect(engine.runs).toHaveLength(2);
    engine.lastRun.end();
    expect((await handle.ended).document.status).toBe('complete');
  });

  it('starts the next mode when TIME_WAIT has passed, and says how many were still listed', async () => {
    const { controller, engine } = f;
    engine.counterToGive = new FakeCounter([counts(0), counts(4)]);
    const handle = await controller.startRunAll(request);
    await after(0);
    engine.lastRun.end();
    await after(65_000);
    expect(engine.runs).toHaveLength(2);
    engine.lastRun.end();
    const end = await handle.ended;
    const message =
      '4 half-connections were still listed when abort started; they may belong to another program.';
    expect(end).toMatchObject({ message, document: { status: 'complete' } });
    expect(f.logged).toContain(`warn ${message}`);
  });

  it('stops at once during a drain, keeping the finished runs', async () => {
    const { controller, engine } = f;
    engine.counterToGive = new FakeCounter([counts(0), counts(9)]);
    const handle = await controller.startRunAll({ ...request, modes: ['server', 'graceful', 'abort'] });
    await after(0);
    engine.lastRun.end();
    await after(2000);
    expect(controller.snapshot().state).toBe('draining');
    await controller.stop();
    const end = await handle.ended;
    expect(f.states()).toEqual(['waiting', 'running', 'draining', 'stopping', 'done']);
    expect(end.document).toMatchObject({ status: 'stopped', runs: [{ mode: 'server' }] });
    expect(engine.runs).toHaveLength(1);
    expect(controller.busy).toBe(false);
  });

  it('stops during the wait before the first mode: no run, nothing saved', async () => {
    const { controller, engine, history } = f;
    engine.counterToGive = new FakeCounter([counts(2)]);
    const handle = await controller.startRunAll(request);
    await after(1000);
    await controller.stop();
    const end = await handle.ended;
    expect(f.states()).toEqual(['waiting', 'stopping', 'done']);
    expect(end).toMatchObject({ historyId: null, document: { status: 'stopped', runs: [] } });
    expect(history.saved).toEqual([]);
    expect(engine.runs).toEqual([]);
  });

  it('stops the running mode and starts no other', async () => {
    const { controller, engine } = f;
    const handle = await controller.startRunAll(request);
    await after(0);
    await controller.stop();
    const end = await handle.ended;
    expect(engine.lastRun.stopCalls).toBe(1);
    expect(end.document).toMatchObject({ status: 'stopped', runs: [{ interrupted: true }] });
    expect(engine.runs).toHaveLength(1);
  });

  it("ends failed with the engine's sentence when a mode cannot start, keeping the runs before it", async () => {
    const { controller, engine } = f;
    engine.counterToGive = new FakeCounter([counts(0)]);
    const handle = await controller.startRunAll(request);
    await after(0);
    const refusal = new RunStartError('LISTEN_FAILED', 'Port 63001 could not be opened: EPERM.');
    engine.refuseNext = refusal;
    engine.lastRun.end();
    const end = await handle.ended;
    expect(end).toMatchObject({ historyId: 'h1', message: refusal.message, document: { status: 'failed' } });
    expect(end.document.runs.map((r) => r.mode)).toEqual(['server']);
    expect(f.states()).toEqual(['waiting', 'running', 'draining', 'failed']);
  });

  it('ends at a failed run, starting no other', async () => {
    const { controller, engine } = f;
    const handle = await controller.startRunAll(request);
    await after(0);
    engine.lastRun.end('failed', 'The server thread failed: out of memory.');
    const end = await handle.ended;
    expect(end).toMatchObject({
      message: 'The server thread failed: out of memory.',
      document: { status: 'failed' },
    });
    expect(engine.runs).toHaveLength(1);
  });

  it('ends failed, in one sentence, when something unexpected throws', async () => {
    const { controller, engine } = f;
    engine.counterToGive = new FakeCounter([
      () => {
        throw new Error('netstat vanished');
      },
    ]);
    const end = await (await controller.startRunAll(request)).ended;
    expect(end).toMatchObject({
      message: 'Run all stopped because of an unexpected problem. The log file has the details.',
      document: { status: 'failed', runs: [] },
    });
    expect(f.states()).toEqual(['waiting', 'failed']);
  });
});
