/**
 * On the real engine, with Windows-like port exhaustion in this network namespace (a narrow port
 * range): what the window is told agrees with what happened. Each error carries the close order of
 * its own run, the run that ran out of ports keeps its per-second samples, the Errors figure is the
 * whole Run all's, and a start refused for lingering half-connections can wait and start by itself.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunEnded } from '../../../src/shared/contract';
import { RunStartError } from '../../../src/main/engine/run';
import { emulateWindows, emulationUnavailable, type Emulation } from '../../e2e/support/emulate-windows';
import { freshPort } from '../../helpers/ports';
import { config, makeController, until, type Recorded } from './helpers';

const TIME_WAIT = 3;
let emulation: Emulation | null = null;
let current: Recorded | null = null;
beforeAll(() => {
  // These tests run in a network namespace of their own (unshare -n), as root.
  expect(emulationUnavailable()).toBeNull();
  emulation = emulateWindows(TIME_WAIT);
});
afterAll(() => emulation?.restore());
afterEach(async () => {
  await current?.controller.shutdown();
  current = null;
});

const controllerOptions = { timeWaitSeconds: TIME_WAIT, drainGraceSeconds: 1, drainPollMs: 250 };

describe('the window is told the truth, on the real engine', () => {
  it('files each error under its own run, keeps the samples of a run out of ports, counts every error', async () => {
    current = makeController(controllerOptions);
    const { controller, errors } = current;
    const document = await controller.runAll({
      modes: ['client', 'server'],
      host: '127.0.0.1',
      port: await freshPort(),
      durationSec: 2,
      maxErrors: 40,
      connectionLimit: null,
    });
    const [client, server] = document.runs;
    expect(client?.errorCounts.EADDRNOTAVAIL ?? 0).toBeGreaterThan(0);
    // The run that ran out of ports has its seconds (the bundle's samples.csv is made from these).
    expect(client!.samples.length).toBeGreaterThan(0);
    expect(server!.samples.length).toBeGreaterThan(0);
    for (const run of document.runs) for (const e of run.errors) expect(e.mode).toBe(run.mode);
    // As the window heard them: every client error is the client's, whenever it arrived.
    expect(errors.length).toBeGreaterThan(0);
    const modes = errors.map((e) => e.mode);
    expect(modes.every((m) => m === 'client' || m === 'server')).toBe(true);
    expect(modes.filter((m) => m === 'client')).toHaveLength(
      Object.values(client!.errorCounts).reduce((a, b) => a + b, 0),
    );

    const last = controller.snapshot();
    const all = document.runs.flatMap((r) => Object.values(r.errorCounts)).reduce((a, b) => a + b, 0);
    expect(last.errorTotal).toBe(all);
    expect(last.ended).toEqual({ status: 'complete', ran: 2, planned: 2 });
    // Counted once more when the last run ended: the figure is the table it left.
    expect(last.netstat).not.toBeNull();
  });

  it('refuses a start while half-connections linger, then waits for them and starts by itself', async () => {
    current = makeController(controllerOptions);
    const { controller, snapshots } = current;
    const port = await freshPort();
    const first = await controller.start(config(port, { mode: 'client', durationSec: 1, maxErrors: 1000 }));
    const firstEnded = await first.ended;
    expect(firstEnded.document.runs[0]!.connections).toBeGreaterThan(0);

    const again = config(port, { mode: 'client', durationSec: 1, force: false });
    const refused = await controller.start(again).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RunStartError);
    const shown = controller.snapshot();
    // The last session stays on show, with the offer to wait.
    expect(shown).toMatchObject({ state: 'idle', sessionId: firstEnded.sessionId, canWaitToStart: true });
    expect(shown.finished.map((r) => r.mode)).toEqual(['client']);
    expect(shown.message).toContain('"Wait and start"');

    const ended = new Promise<RunEnded>((resolve) => controller.once('run-ended', resolve));
    const handle = await controller.start(again, { waitForDrain: true });
    await until(() => controller.snapshot().countdown?.reason === 'before-start');
    expect(controller.snapshot().state).toBe('waiting');
    expect(controller.snapshot().countdown!.halfConnections).toBeGreaterThan(0);
    const end = await ended;
    expect((await handle.ended).sessionId).toBe(end.sessionId);
    expect(end.document.runs.map((r) => r.mode)).toEqual(['client']);
    const states = snapshots
      .filter((s) => s.snapshot.sessionId === end.sessionId)
      .map((s) => s.snapshot.state)
      .filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['waiting', 'running', 'done']);
  });
});
