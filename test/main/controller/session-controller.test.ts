import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ControllerBusyError } from '../../../src/main/controller/session-controller';
import { runLogFile } from '../../../src/main/controller/records';
import { RunStartError } from '../../../src/main/engine/run';
import { HistoryError } from '../../../src/main/results/history';
import { START_MS, makeError } from '../../fixtures/results/factory';
import { config } from './helpers';
import { fakeController, type Faked } from './fake-engine';

const refusal = () =>
  new RunStartError(
    'PORT_IN_USE',
    'Port 63001 is already in use by another program. Choose another port or close that program.',
  );
const error = (connection: number) =>
  makeError({ atMs: START_MS + connection, op: 'connect', code: 'EADDRINUSE', connection });

let f: Faked;
beforeEach(() => {
  vi.useFakeTimers();
  f = fakeController();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SessionController on a fake engine: one run', () => {
  it('goes waiting, running, done: each change sent at once, a snapshot every 250 ms between', async () => {
    const { controller, engine } = f;
    const handle = await controller.start(config(63001));
    expect(f.states()).toEqual(['waiting', 'running']);
    expect(controller.busy).toBe(true);
    expect(engine.lastRun.context.errorRetention).toEqual({ first: 100, last: 1000 });

    const before = f.snapshots.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(f.snapshots.length - before).toBe(4);

    const heard: string[] = [];
    controller.on('error-record', (e) => heard.push(`error ${e.connection}`));
    controller.on('sample', (s) => heard.push(`sample ${s.t}`));
    engine.lastRun.error(error(1));
    engine.lastRun.second(1, 500);
    expect(heard).toEqual(['error 1', 'sample 1']);
    await vi.advanceTimersByTimeAsync(250);
    const ticked = f.snapshots.at(-1)!;
    expect(ticked).toMatchObject({ state: 'running', connections: 500, connectsPerSec: 500, errorTotal: 1 });
    expect(ticked.newErrors.map((e) => e.connection)).toEqual([1]);
    expect(ticked.samples.map((s) => s.t)).toEqual([1]);

    engine.lastRun.end();
    const end = await handle.ended;
    expect(f.states()).toEqual(['waiting', 'running', 'done']);
    expect(end).toEqual({
      sessionId: handle.sessionId,
      document: f.history.saved[0],
      historyId: 'h1',
      message: null,
    });
    expect(end.document).toMatchObject({ status: 'complete', runs: [{ mode: 'server', connections: 500 }] });
    expect(f.runLogs[0]!.path).toBe(runLogFile(f.dataDir, handle.sessionId));
    expect(f.runLogs[0]!.lines).toEqual(['begin server', 'error EADDRINUSE', 'sample', 'run server']);
    expect(f.runLogs[0]!.closed).toBe(true);
    expect(controller.busy).toBe(false);
    expect(controller.snapshot()).toBe(f.snapshots.at(-1));

    // The ticker stopped with the session.
    const done = f.snapshots.length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.snapshots.length).toBe(done);
  });

  it("shows the last whole second as connects per second, not the few milliseconds at a run's end", async () => {
    const { controller, engine } = f;
    await controller.start(config(63001));
    engine.lastRun.second(1, 500);
    engine.lastRun.second(2, 600);
    // The run's last interval: 4 ms with no connect would read as 0 a second.
    engine.lastRun.context.onSample({
      t: 2.004,
      seconds: 0.004,
      time: 't2.004',
      connects: 0,
      totalConnections: 1100,
      errors: 0,
      netstat: null,
    });
    await vi.advanceTimersByTimeAsync(250);
    expect(f.snapshots.at(-1)).toMatchObject({ state: 'running', connectsPerSec: 600 });
    engine.lastRun.end();
  });

  it('carries at most its cap of new errors in a snapshot, counting the rest', async () => {
    f = fakeController({ newErrorsCap: 3 });
    await f.controller.start(config(63001));
    for (let i = 1; i <= 5; i++) f.engine.lastRun.error(error(i));
    await vi.advanceTimersByTimeAsync(250);
    expect(f.snapshots.at(-1)).toMatchObject({ newErrorsSkipped: 2, errorTotal: 5 });
    expect(f.snapshots.at(-1)!.newErrors).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(250);
    expect(f.snapshots.at(-1)).toMatchObject({ newErrors: [], newErrorsSkipped: 0 });
  });

  it('leaves nothing behind when the engine refuses to start: idle, the reason on show, no ticks', async () => {
    const { controller, engine } = f;
    const refused = refusal();
    engine.refuseNext = refused;
    await expect(controller.start(config(63001))).rejects.toBe(refused);
    expect(f.states()).toEqual(['waiting', 'idle']);
    expect(controller.snapshot()).toMatchObject({ sessionId: null, message: refusal().message });
    expect(controller.busy).toBe(false);
    // Nothing ran, so no run log was opened: a refused start leaves no empty file to clear up.
    expect(f.runLogs).toEqual([]);
    expect(f.ended).toEqual([]);
    const shown = f.snapshots.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(f.snapshots.length).toBe(shown);
    // The next start clears the reason.
    await controller.start(config(63001));
    expect(controller.snapshot().message).toBeNull();
  });

  it('stops a start under way as soon as the engine runs: stopping at once, never running', async () => {
    const { controller, engine } = f;
    engine.holdStarts = true;
    const starting = controller.start(config(63001));
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stop = controller.stop().then(() => (stopped = true));
    expect(f.states()).toEqual(['waiting', 'stopping']);
    const run = engine.pending[0]!.launch();
    const end = await (await starting).ended;
    await stop;
    expect(run.stopCalls).toBe(1);
    expect(stopped).toBe(true);
    expect(end.document).toMatchObject({ status: 'stopped', runs: [{ interrupted: true }] });
    expect(f.states()).toEqual(['waiting', 'stopping', 'done']);
  });

  it('answers a stop while starting, when the start then fails, with the reason and nothing running', async () => {
    const { controller, engine } = f;
    engine.holdStarts = true;
    const starting = controller.start(config(63001));
    await vi.advanceTimersByTimeAsync(0);
    const stop = controller.stop();
    engine.pending[0]!.refuse(refusal());
    await expect(starting).rejects.toBeInstanceOf(RunStartError);
    await stop;
    expect(f.states()).toEqual(['waiting', 'stopping', 'idle']);
    expect(controller.snapshot().message).toBe(refusal().message);
    expect(controller.busy).toBe(false);
  });

  it('refuses a second start while starting, running or saving, and starts nothing', async () => {
    const { controller, engine, history } = f;
    engine.holdStarts = true;
    const first = controller.start(config(63001));
    await expect(controller.start(config(63002))).rejects.toBeInstanceOf(ControllerBusyError);
    engine.pending[0]!.launch();
    const handle = await first;
    await expect(controller.startRunAll({ ...config(63002), modes: ['any'] })).rejects.toThrow(
      'A test is already running',
    );
    let release!: () => void;
    history.save = () => new Promise((resolve) => (release = () => resolve('h1')));
    engine.lastRun.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(controller.busy).toBe(true);
    await expect(controller.start(config(63002))).rejects.toBeInstanceOf(ControllerBusyError);
    // A stop while saving has nothing to stop: it waits for the save.
    const stop = controller.stop();
    release();
    await stop;
    expect((await handle.ended).historyId).toBe('h1');
    expect(engine.runs).toHaveLength(1);
    expect(f.states()).toEqual(['waiting', 'running', 'done']);
  });

  it.each([
    [
      new HistoryError('The run could not be saved: the disk is full.'),
      'The run could not be saved: the disk is full.',
    ],
    [
      Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
      'The results could not be saved to the history folder: the disk is full.',
    ],
    [new Error('EIO'), 'The results could not be saved to the history folder: the log file has the details.'],
  ])(
    'ends as it ran when the results cannot be saved (%s), and says why and where the errors are',
    async (failure, reason) => {
      f.history.save = () => Promise.reject(failure);
      const handle = await f.controller.start(config(63001));
      f.engine.lastRun.end();
      const end = await handle.ended;
      const message = `${reason} Every error is still in the run log ${f.runLogs[0]!.path}.`;
      expect(end).toMatchObject({ historyId: null, message, document: { status: 'complete' } });
      expect(f.snapshots.at(-1)).toMatchObject({ state: 'done', message });
    },
  );

  it('keeps both reasons when neither the results nor the whole run log could be written', async () => {
    f.history.save = () => Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }));
    const handle = await f.controller.start(config(63001));
    f.runLogs[0]!.failClose = new Error(`Could not save ${f.runLogs[0]!.path}: the disk is full.`);
    f.engine.lastRun.end();
    expect((await handle.ended).message).toBe(
      'The results could not be saved to the history folder: the disk is full. ' +
        `The run log ${f.runLogs[0]!.path} keeps what could be written: Could not save ${f.runLogs[0]!.path}: the disk is full.`,
    );
  });

  it('saves nothing and says nothing of it without a history', async () => {
    f = fakeController({ history: null });
    const handle = await f.controller.start(config(63001));
    f.engine.lastRun.end();
    expect(await handle.ended).toMatchObject({ historyId: null, message: null });
    expect(f.history.saved).toEqual([]);
  });

  it('says when the run log could not be written in full, unless a failure says more', async () => {
    const handle = await f.controller.start(config(63001));
    f.runLogs[0]!.failClose = new Error('Could not save runs/x.jsonl: the disk is full.');
    f.engine.lastRun.end();
    expect((await handle.ended).message).toBe('Could not save runs/x.jsonl: the disk is full.');

    const failed = await f.controller.start(config(63001));
    f.runLogs[1]!.failClose = new Error('Could not save runs/y.jsonl: the disk is full.');
    f.engine.lastRun.end('failed', 'The client thread ended unexpectedly.');
    const end = await failed.ended;
    expect(end.message).toBe('The client thread ended unexpectedly.');
    expect(end.document.status).toBe('failed');
    expect(f.snapshots.at(-1)!.state).toBe('failed');
  });

  it('ends failed, in one sentence, when something unexpected throws', async () => {
    const handle = await f.controller.start(config(63001));
    f.runLogs[0]!.appendRun = () => {
      throw new Error('unexpected');
    };
    f.engine.lastRun.end();
    const end = await handle.ended;
    expect(end.message).toBe(
      'The test stopped because of an unexpected problem. The log file has the details.',
    );
    expect(end.document).toMatchObject({ status: 'failed', runs: [] });
    expect(f.logged).toContain('error The test failed unexpectedly.');
  });
});
