import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Run, RunStartError } from '../../../src/main/engine/run';
import type { Mode } from '../../../src/shared/modes';
import { WORKER_PATH, config, system } from '../../helpers/engine';
import { anyOnPort, connectionsIn, freshPort, listening } from '../../helpers/ports';

async function runMode(mode: Mode, p: number, extra = {}) {
  const run = await Run.start(config(mode, p, extra), {
    system: await system(),
    workerPath: WORKER_PATH,
  });
  return run.done;
}

const started: Run[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) {
    s.stop();
    await s.done;
  }
});

describe('a run', () => {
  it('samples each second and the part-second at its end, and stops at its duration', async () => {
    // Server-first, which ends at its duration on every platform: client-first uses up Windows'
    // ephemeral ports in about two seconds and holds them for minutes after.
    const p = await freshPort();
    const result = await runMode('server', p, { durationSec: 2.5 });
    expect(result.stopReason).toBe('duration');
    expect(result.interrupted).toBe(false);
    expect(result.samples.map((s) => s.t).slice(0, 2)).toEqual([1, 2]);
    expect(result.samples.map((s) => s.seconds).slice(0, 2)).toEqual([1, 1]);
    expect(result.samples).toHaveLength(3);
    const last = result.samples[2]!;
    expect(last.seconds).toBeGreaterThan(0);
    expect(last.seconds).toBeLessThan(1);
    expect(last.t).toBeCloseTo(2 + last.seconds!, 6);
    for (const s of result.samples.slice(0, 2)) expect(s.connects).toBeGreaterThan(100);
    // Nothing left out: the samples add up to the run's connections.
    expect(result.samples.reduce((n, s) => n + s.connects, 0)).toBe(result.connections);
    expect(last.totalConnections).toBe(result.connections);
    expect(result.elapsedMs).toBeGreaterThan(2300);
    expect(result.elapsedMs).toBeLessThan(3500);
    expect(result.system.nodeVersion).toBe(process.versions.node);
  });

  it('stops within a second, closing every socket and the listener', async () => {
    const p = await freshPort();
    const run = await Run.start(config('server', p), {
      system: await system(),
      workerPath: WORKER_PATH,
    });
    started.push(run);
    await new Promise((r) => setTimeout(r, 500));
    expect(await listening(p)).toBe(true);
    const t0 = performance.now();
    run.stop();
    const result = await run.done;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(result).toMatchObject({ interrupted: true, stopReason: 'stopped' });
    expect(result.summary).toMatch(/\(stopped early\)$/);
    expect(result.connections).toBeGreaterThan(0);
    expect(await listening(p)).toBe(false);
    expect(await connectionsIn(p, ['ESTABLISHED', 'CLOSE_WAIT'])).toBe(0);
    // Nothing of the run is left on this thread: no worker, no timer, no socket.
    const left = process.getActiveResourcesInfo().filter((r) => /Worker|TCP|Timeout|MessagePort/.test(r));
    expect(left).toEqual([]);
  });

  it('stops a reading mode within a second too', async () => {
    const p = await freshPort();
    const run = await Run.start(config('graceful', p), {
      system: await system(),
      workerPath: WORKER_PATH,
    });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    run.stop();
    await run.done;
    expect(performance.now() - t0).toBeLessThan(1000);
    // Nothing left open by us: no listener, no live connection, no peer's FIN left unanswered.
    // (Orphaned closing states such as FIN_WAIT_2 belong to the kernel and pass on their own.)
    expect(await listening(p)).toBe(false);
    expect(await connectionsIn(p, ['ESTABLISHED', 'CLOSE_WAIT'])).toBe(0);
  });

  it('is not ok when stopped before its first connection', async () => {
    const p = await freshPort();
    const run = await Run.start(config('server', p), {
      system: await system(),
      workerPath: WORKER_PATH,
    });
    // At once: the client thread has not yet begun its loop.
    run.stop();
    const result = await run.done;
    expect(result.connections).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.outcome).toBe('no-connections');
    expect(result.summary).toMatch(/^no connection was made in .*\(stopped early\)$/);
    expect(result.samples).toEqual([]);
  });

  it('stops an abort run the abort way: the connection in flight is reset, nothing is left listed', async () => {
    // A stop usually lands while the next connect is in flight; closing that one with a plain
    // close would leave a TIME_WAIT or FIN_WAIT_2 that abort mode promises not to. Several stops,
    // since where each lands is chance.
    for (let i = 0; i < 5; i++) {
      const p = await freshPort();
      const run = await Run.start(config('abort', p), {
        system: await system(),
        workerPath: WORKER_PATH,
      });
      // Stopped once connections flow: a busy machine can take longer than any fixed wait to start.
      for (let waited = 0; run.progress().connections === 0 && waited < 10_000; waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
      run.stop();
      const result = await run.done;
      expect(result.connections).toBeGreaterThan(0);
      expect(result.errors).toEqual([]);
      expect(anyOnPort(p)).toBe(0);
    }
  });

  it('refuses a port in use with a sentence naming it, leaving nothing running', async () => {
    const p = await freshPort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(p, '127.0.0.1', r));
    try {
      const attempt = Run.start(config('server', p), { system: await system(), workerPath: WORKER_PATH });
      await expect(attempt).rejects.toBeInstanceOf(RunStartError);
      await expect(attempt).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: `Port ${p} is already in use by another program. Choose another port or close that program.`,
      });
      expect(process.getActiveResourcesInfo().filter((r) => /Worker|MessagePort/.test(r))).toEqual([]);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('runs over IPv6 loopback', async () => {
    const p = await freshPort();
    const run = await Run.start(config('server', p, { host: '::1', connectionLimit: 500 }), {
      system: await system(),
      workerPath: WORKER_PATH,
    });
    const result = await run.done;
    expect(result).toMatchObject({ outcome: 'ok', connections: 500 });
  });
});
