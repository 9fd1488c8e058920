import { describe, expect, it } from 'vitest';
import { APPLY_MEASURE, Session } from '@renderer/lib/session.svelte';
import { FakeApi } from '../fake-api';
import {
  errorRecord,
  linuxMachine,
  netstat,
  resultsDocument,
  runEnded,
  runResult,
  sample,
  snapshot,
  windowsMachine,
} from '../fixtures';

async function connected(api = new FakeApi()): Promise<{ api: FakeApi; session: Session; off: () => void }> {
  const session = new Session(api);
  const off = session.connect();
  await new Promise((r) => setTimeout(r, 0));
  return { api, session, off };
}

describe('Session', () => {
  it('loads the snapshot, machine and history on connect, and lets go on disconnect', async () => {
    const api = new FakeApi();
    api.current = snapshot({ seq: 7, state: 'done' });
    api.historyEntries = [
      {
        id: 'h1',
        createdAt: '2026-11-24T07:00:00+00:00',
        status: 'complete',
        modes: ['client'],
        summary: 'client: ok',
      },
    ];
    const { session, off } = await connected(api);

    expect(session.snapshot?.seq).toBe(7);
    expect(session.state).toBe('done');
    expect(session.system?.osName).toBe(linuxMachine().osName);
    expect(session.history.map((h) => h.id)).toEqual(['h1']);
    expect(api.listenerCount).toBe(2);
    off();
    expect(api.listenerCount).toBe(0);
  });

  it('ignores snapshots older than the one it has', async () => {
    const { api, session } = await connected();
    api.push(snapshot({ seq: 5, connections: 500 }));
    api.push(snapshot({ seq: 4, connections: 400 }));
    expect(session.snapshot?.connections).toBe(500);
  });

  it('keeps the errors of the session newest first and starts a new log with a new session', async () => {
    const { api, session } = await connected();
    api.push(
      snapshot({ seq: 2, state: 'running', mode: 'client', newErrors: [errorRecord(1), errorRecord(2)] }),
    );
    api.push(
      snapshot({
        seq: 3,
        state: 'running',
        mode: 'client',
        newErrors: [errorRecord(3)],
        newErrorsSkipped: 4,
      }),
    );
    expect(session.log.count(null)).toBe(3);
    expect(session.log.rowAt(0, null)?.record.connection).toBe(errorRecord(3).connection);
    expect(session.log.skipped).toBe(4);

    api.push(snapshot({ seq: 4, sessionId: 's2', state: 'running', mode: 'server' }));
    expect(session.log.count(null)).toBe(0);
  });

  it('feeds the chart per run: a Run all starts a new series with each close order', async () => {
    const { api, session } = await connected();
    const runAll = { modes: ['any', 'client'] as const, index: 0 };
    api.push(
      snapshot({
        seq: 2,
        state: 'running',
        mode: 'any',
        runAll: { ...runAll, modes: [...runAll.modes] },
        samples: [sample(1, 9000), sample(2, 9100)],
      }),
    );
    expect(session.series.t).toEqual([1, 2]);
    api.push(
      snapshot({
        seq: 3,
        state: 'running',
        mode: 'client',
        runAll: { modes: ['any', 'client'], index: 1 },
        samples: [sample(1, 8000)],
      }),
    );
    expect(session.series.connects).toEqual([8000]);
  });

  it('records a performance measure for each snapshot it renders', async () => {
    const { api } = await connected();
    const seen: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntriesByName(APPLY_MEASURE)) seen.push(e.duration);
    });
    observer.observe({ type: 'measure' });
    api.push(snapshot({ seq: 2, newErrors: [errorRecord(1)] }));
    await new Promise((r) => setTimeout(r, 10));
    observer.disconnect();
    expect(seen.length).toBe(1);
    expect(seen[0]).toBeGreaterThanOrEqual(0);
    expect(performance.getEntriesByName(APPLY_MEASURE)).toHaveLength(0);
  });

  it('derives the running states and the port gauge', async () => {
    const { api, session } = await connected();
    expect(session.active).toBe(false);
    api.push(snapshot({ seq: 2, state: 'running', netstat: netstat(3, 12288, 12288, 16384) }));
    expect(session.active).toBe(true);
    expect(session.ports).toEqual({ held: 12288, size: 16384, fraction: 0.75 });
    api.push(snapshot({ seq: 3, state: 'draining', netstat: netstat(0, 10, 100, null) }));
    // Without a size in the poll, the machine's range (28,232 ports here) stands in.
    expect(session.ports.size).toBe(28232);
    expect(session.active).toBe(true);
  });

  it('starts with the settings typed, and sends nothing when they are wrong', async () => {
    const { api, session } = await connected();
    session.pickMode('server');
    session.form.port = 61234;
    session.form.durationSec = 5;
    await session.start();
    expect(api.calls.filter((c) => c.method === 'start')).toEqual([
      {
        method: 'start',
        args: [
          {
            mode: 'server',
            host: '127.0.0.1',
            port: 61234,
            durationSec: 5,
            connectionLimit: null,
            maxErrors: 10,
            force: false,
          },
        ],
      },
    ]);

    session.form.port = 0;
    expect(session.formError).toBe('Port must be a whole number from 1 to 65535 (got 0).');
    await session.start();
    expect(api.calls.filter((c) => c.method === 'start')).toHaveLength(1);
    expect(session.notice).toEqual({
      kind: 'error',
      text: 'Port must be a whole number from 1 to 65535 (got 0).',
    });
  });

  it('shows the error a reply brings, in its own words', async () => {
    const { api, session } = await connected();
    const text =
      'Port 40000 is already in use by another program. Choose another port or close that program.';
    api.replies.start = { ok: false, error: text };
    await session.start();
    expect(session.notice).toEqual({ kind: 'error', text });
    expect(session.pending).toBeNull();
  });

  it('turns a bridge that throws into a sentence', async () => {
    const { api, session } = await connected();
    api.stop = () => Promise.reject(new Error('channel closed'));
    await session.stop();
    expect(session.notice?.text).toBe('The test engine did not answer. Restart the program and try again.');
  });

  it('runs the five original close orders with the typed settings', async () => {
    const { api, session } = await connected();
    session.form.durationSec = 3;
    await session.runAll();
    expect(api.calls.find((c) => c.method === 'runAll')?.args).toEqual([
      {
        modes: ['any', 'client', 'server', 'simultaneous', 'graceful'],
        host: '127.0.0.1',
        port: 40000,
        durationSec: 3,
        maxErrors: 10,
        connectionLimit: null,
      },
    ]);
  });

  it('builds the results table from the finished runs and the imported machines', async () => {
    const { api, session } = await connected();
    const windowsRun = runResult('client', [errorRecord(1)], 16_383, windowsMachine());
    api.replies.importResults = { ok: true, value: [resultsDocument([windowsRun], windowsMachine())] };
    await session.importResults();
    await session.importResults();
    expect(session.imported).toHaveLength(1);
    expect(session.notice?.text).toBe('Those results are already shown.');

    api.push(snapshot({ seq: 2, state: 'done', finished: [runResult('client'), runResult('server')] }));
    expect(session.table.machines).toEqual([
      'This machine (Debian GNU/Linux 12 (bookworm))',
      'DESKTOP-7Q2LM0 (Windows 11 Pro)',
    ]);
    expect(session.table.rows.map((r) => [r.mode, ...r.cells.map((c) => c?.label ?? null)])).toEqual([
      ['client', 'ok', 'WSAEADDRINUSE after 16,000 connections'],
      ['server', 'ok', null],
    ]);

    await session.copyTable();
    expect(api.calls.find((c) => c.method === 'copyTable')?.args).toEqual([null, session.imported]);
    session.removeImported(0);
    expect(session.table.machines).toHaveLength(1);
  });

  it('acts on the newest saved session after a run ends, or on the one picked from the history', async () => {
    const { api, session } = await connected();
    api.end(runEnded('s1', [runResult('client')], 'h-new'));
    await session.exportResults('csv');
    expect(api.calls.find((c) => c.method === 'exportResults')?.args).toEqual(['csv', 'h-new']);
    expect(session.notice).toEqual({ kind: 'info', text: 'Saved to /home/user/results.csv' });

    api.documents.set(
      'h-old',
      resultsDocument([runResult('graceful')], linuxMachine(), '2026-11-20T10:00:00.000+01:00'),
    );
    await session.openHistory('h-old');
    expect(session.table.rows.map((r) => r.mode)).toEqual(['graceful']);
    expect(session.table.machines[0]).toBe('This machine, 2026-11-20 10:00');
    await session.saveBundle();
    expect(api.calls.find((c) => c.method === 'saveBundle')?.args).toEqual(['h-old']);

    await session.openHistory('gone');
    expect(session.notice).toEqual({ kind: 'error', text: 'That saved session is no longer there.' });
    session.closeHistory();
    expect(session.table.rows.map((r) => r.mode)).toEqual(['client']);
  });

  it("clears this machine's column when a new session starts, until its first result", async () => {
    const { api, session } = await connected();
    api.end(runEnded('s1', [runResult('client')]));
    expect(session.table.rows.map((r) => r.mode)).toEqual(['client']);
    api.push(
      snapshot({
        seq: 2,
        sessionId: 's2',
        state: 'running',
        mode: 'any',
        runAll: { modes: ['any', 'server'], index: 0 },
      }),
    );
    expect(session.table.rows).toEqual([]);
    api.push(
      snapshot({ seq: 3, sessionId: 's2', state: 'draining', mode: 'server', finished: [runResult('any')] }),
    );
    expect(session.table.rows.map((r) => r.mode)).toEqual(['any']);
  });

  it('says so when a finished session could not be saved', async () => {
    const { api, session } = await connected();
    api.end(runEnded('s1', [runResult('client')], null));
    expect(session.notice).toEqual({
      kind: 'error',
      text: 'The results could not be saved: the disk is full.',
    });
    expect(session.resultsId).toBeNull();
  });

  it('says nothing when a save dialog is cancelled', async () => {
    const { api, session } = await connected();
    api.replies.exportResults = { ok: true, value: null };
    await session.exportResults('json');
    expect(session.notice).toBeNull();
  });
});
