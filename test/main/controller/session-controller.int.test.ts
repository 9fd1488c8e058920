import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerBusyError } from '../../../src/main/controller/session-controller';
import { parseRunAllRequest } from '../../../src/main/controller/run-all-request';
import { ConfigError, parseSessionConfig } from '../../../src/main/engine/config';
import { RunStartError } from '../../../src/main/engine/run';
import { config, makeController, type Recorded } from './helpers';
import { freshPort } from '../../helpers/ports';
import { connectsPerSecond, sampleSeconds } from '../../../src/shared/samples';

// Each test on a port nothing is listed for (TIME_WAIT lasts a minute or more).
let current: Recorded | null = null;
afterEach(async () => {
  await current?.controller.shutdown();
  current = null;
});

describe('SessionController: one run', () => {
  it('runs, sends paced snapshots while connections flow, then saves the results and says so', async () => {
    current = makeController();
    const { controller, snapshots, ended } = current;
    const handle = await controller.start(config(await freshPort(), { durationSec: 3 }));
    expect(controller.busy).toBe(true);
    const end = await handle.ended;

    expect(ended).toEqual([end]);
    expect(end.sessionId).toBe(handle.sessionId);
    expect(end.document.status).toBe('complete');
    expect(end.document.runs).toHaveLength(1);
    const run = end.document.runs[0]!;
    expect(run.mode).toBe('server');
    expect(run.stopReason).toBe('duration');
    expect(run.connections).toBeGreaterThan(1000);
    expect(end.historyId).not.toBeNull();
    expect(await current.history.load(end.historyId!)).toEqual(end.document);

    const running = snapshots.filter((s) => s.snapshot.state === 'running');
    // A 250 ms pace whatever the connection rate: about 12 in 3 s (plus the engine's own shutdown),
    // never more. Fewer only when the machine is so loaded that timers run late.
    const span = running.at(-1)!.at - running[0]!.at;
    expect(span).toBeGreaterThan(2500);
    expect(running.length).toBeGreaterThanOrEqual(span / 1000);
    expect(running.length).toBeLessThanOrEqual(span / 250 + 2);
    // The first one is the state change, sent at once; the rest come from the ticker.
    const ticks = running.slice(1);
    const gaps = ticks.slice(1).map((s, i) => s.at - ticks[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThan(150);
    const counts = running.map((s) => s.snapshot.connections);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // Connects per second is the last whole second the snapshot carries (0 before the first). It
    // can be 0 on its own merits (a loaded machine stalls the run for a second, or the run's last
    // interval after its duration is all shutdown), so each one is checked against its samples.
    // On a loaded machine every running snapshot can carry only such seconds, the busy ones
    // reaching the window with the finished run; so the rate the run as a whole must show is read
    // from the samples it recorded, and any snapshot that carried one showed it.
    for (const { snapshot } of running) {
      const whole = snapshot.samples.findLast((s) => sampleSeconds(s) >= 1) ?? snapshot.samples.at(-1);
      expect(snapshot.connectsPerSec).toBe(whole ? connectsPerSecond(whole) : 0);
    }
    expect(Math.max(...run.samples.map((s) => connectsPerSecond(s)))).toBeGreaterThan(0);
    // The newest samples ride along, as the run recorded them. (How many depends on when the
    // engine's clock started: starting its threads takes longer on a loaded machine.)
    const carried = running.at(-1)!.snapshot.samples;
    expect(carried.length).toBeGreaterThanOrEqual(1);
    expect(carried).toEqual(run.samples.slice(0, carried.length));

    const last = snapshots.at(-1)!.snapshot;
    expect(last.state).toBe('done');
    expect(last.finished).toHaveLength(1);
    expect(last.connections).toBe(run.connections);
    expect(controller.snapshot()).toEqual(last);
    expect(controller.busy).toBe(false);
    const seqs = snapshots.map((s) => s.snapshot.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('stops cleanly within a second, and the saved results say the run was stopped', async () => {
    current = makeController();
    const { controller } = current;
    const used = await freshPort();
    const handle = await controller.start(config(used, { mode: 'graceful', durationSec: 30 }));
    await new Promise((r) => setTimeout(r, 800));
    const asked = performance.now();
    await controller.stop();
    expect(performance.now() - asked).toBeLessThan(1500);
    const end = await handle.ended;
    expect(end.document.status).toBe('stopped');
    expect(end.document.runs[0]?.interrupted).toBe(true);
    expect(controller.snapshot().state).toBe('done');
    // Idle again: a second stop does nothing, a new start works.
    await controller.stop();
    const again = await controller.start(config(used, { durationSec: 1 }));
    expect((await again.ended).document.status).toBe('complete');
  });

  it('refuses a second start while one runs, and starts nothing', async () => {
    current = makeController();
    const { controller } = current;
    const handle = await controller.start(config(await freshPort(), { durationSec: 2 }));
    const other = await freshPort();
    await expect(controller.start(config(other))).rejects.toBeInstanceOf(ControllerBusyError);
    await expect(controller.startRunAll({ ...config(other), modes: ['any'] })).rejects.toThrow(
      'A test is already running',
    );
    expect(controller.snapshot().sessionId).toBe(handle.sessionId);
    await handle.ended;
    expect(current.ended).toHaveLength(1);
  });

  it('answers a port in use with the engine sentence and leaves nothing running', async () => {
    current = makeController();
    const { controller } = current;
    const taken = await freshPort();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(taken, '127.0.0.1', r));
    try {
      const failed = controller.start(config(taken));
      await expect(failed).rejects.toBeInstanceOf(RunStartError);
      await expect(failed).rejects.toThrow(`Port ${taken} is already in use by another program.`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    expect(controller.busy).toBe(false);
    const shown = controller.snapshot();
    expect(shown.state).toBe('idle');
    expect(shown.message).toContain(`Port ${taken} is already in use`);
    expect(current.ended).toEqual([]);
  });

  // The controller trusts its input: its callers (the IPC service, the command line) parse it first.
  it('refuses bad arguments, parsed at the edge, with a clear sentence and starts nothing', async () => {
    current = makeController();
    const { controller } = current;
    const p = await freshPort();
    const bad: [unknown, string][] = [
      [{ ...config(p), mode: 'sideways' }, 'Mode must be one of'],
      [config(0), 'Port must be a whole number from 1 to 65535 (got 0)'],
      [config(70000), 'Port must be a whole number from 1 to 65535 (got 70000)'],
      [config(p, { durationSec: -5 }), 'Duration must be a number of seconds from 0.1'],
      [config(p, { port: '63007' }), 'Port must be a whole number'],
      [config(p, { host: '10.0.0.1' }), 'Host must be a loopback address'],
      [null, 'The session settings are missing.'],
    ];
    for (const [input, message] of bad) {
      const attempt = (async () => controller.start(parseSessionConfig(input)))();
      await expect(attempt).rejects.toBeInstanceOf(ConfigError);
      await expect(attempt).rejects.toThrow(message);
    }
    const badRunAll: [unknown, string][] = [
      [{ modes: [] }, 'Run all needs a list of 1 to 20 modes.'],
      [{ modes: ['client', 'nope'] }, 'Every mode must be one of'],
      [{ modes: ['client'], port: 70000 }, 'Port must be a whole number from 1 to 65535 (got 70000)'],
      [{ modes: ['client'], durationSec: -1 }, 'Duration must be a number of seconds from 0.1'],
      ['client', 'The Run all settings are missing.'],
    ];
    for (const [input, message] of badRunAll) {
      await expect((async () => controller.startRunAll(parseRunAllRequest(input)))()).rejects.toThrow(
        message,
      );
    }
    expect(controller.busy).toBe(false);
    expect(current.snapshots).toEqual([]);
  });
});
