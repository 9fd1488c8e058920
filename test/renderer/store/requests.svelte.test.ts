import { describe, expect, it } from 'vitest';
import type { Reply } from '@shared/contract';
import { LiveFigures } from '@renderer/store/live-figures.svelte';
import { Requests } from '@renderer/store/requests.svelte';
import { Results } from '@renderer/store/results.svelte';
import { FakeApi } from '../fake-api';
import { historyEntry } from '../fixtures';

function requests(api = new FakeApi()): { api: FakeApi; requests: Requests; results: Results } {
  const results = new Results(new LiveFigures());
  return { api, requests: new Requests(api, results), results };
}

/** A reply the test hands over when it chooses, to look at the request while it is out. */
function held<T>(): { promise: Promise<Reply<T>>; answer: (reply: Reply<T>) => void } {
  let answer!: (reply: Reply<T>) => void;
  const promise = new Promise<Reply<T>>((resolve) => (answer = resolve));
  return { promise, answer };
}

describe('Requests', () => {
  it('names the one request out while it waits, and clears it whatever the answer', async () => {
    const { api, requests: r } = requests();
    expect(r.pending).toBeNull();

    const start = r.start();
    expect(r.pending).toBe('start');
    await start;
    expect(r.pending).toBeNull();

    const runAll = r.runAll();
    expect(r.pending).toBe('run-all');
    await runAll;

    api.replies.exportResults = { ok: false, error: 'The folder is read-only.' };
    const exported = r.exportResults('markdown');
    expect(r.pending).toBe('export-markdown');
    await exported;
    expect(r.pending).toBeNull();
    expect(r.notice?.kind).toBe('error');

    api.stop = () => Promise.reject(new Error('channel closed'));
    const stop = r.stop();
    expect(r.pending).toBe('stop');
    await stop;
    expect(r.pending).toBeNull();
  });

  it('clears the last notice when a new request goes out, and sets it from the answer', async () => {
    const { api, requests: r } = requests();
    api.replies.start = { ok: false, error: 'Port 40000 is already in use by another program.' };
    await r.start();
    expect(r.notice?.kind).toBe('error');
    const reply = held<string | null>();
    api.saveBundle = () => reply.promise;
    const bundle = r.saveBundle();
    expect([r.pending, r.notice]).toEqual(['bundle', null]);
    reply.answer({ ok: true, value: '/home/user/diagnostics.zip' });
    await bundle;
    expect([r.pending, r.notice]).toEqual([
      null,
      { kind: 'info', text: 'Diagnostics saved to /home/user/diagnostics.zip' },
    ]);
    r.dismissNotice();
    expect(r.notice).toBeNull();
  });

  it('refuses wrong settings without a request going out', async () => {
    const { api, requests: r } = requests();
    r.form.durationSec = '';
    await r.runAll();
    expect(r.pending).toBeNull();
    expect(api.calls.some((c) => c.method === 'runAll')).toBe(false);
    expect(r.notice?.text).toBe('Seconds per run is empty. Type a whole number from 1 to 86400 (one day).');
  });

  it('starts with the settings typed, and sends nothing when they are wrong', async () => {
    const { api, requests: r } = requests();
    r.pickMode('server');
    r.form.port = '61234';
    r.form.durationSec = '5';
    await r.start();
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

    r.form.port = '0';
    expect(r.formError).toBe('Port must be a whole number from 1 to 65535. 0 is outside that range.');
    expect(r.formField).toBe('port');
    await r.start();
    expect(api.calls.filter((c) => c.method === 'start')).toHaveLength(1);
    expect(r.notice).toEqual({
      kind: 'error',
      text: 'Port must be a whole number from 1 to 65535. 0 is outside that range.',
    });
  });

  it('shows the error a reply brings, in its own words', async () => {
    const { api, requests: r } = requests();
    const text =
      'Port 40000 is already in use by another program. Choose another port or close that program.';
    api.replies.start = { ok: false, error: text };
    await r.start();
    expect(r.notice).toEqual({ kind: 'error', text });
    expect(r.pending).toBeNull();
  });

  it('turns a bridge that throws into a sentence', async () => {
    const { api, requests: r } = requests();
    api.stop = () => Promise.reject(new Error('channel closed'));
    await r.stop();
    expect(r.notice?.text).toBe('The test engine did not answer. Restart the program and try again.');
  });

  it('runs the five original close orders with the typed settings', async () => {
    const { api, requests: r } = requests();
    r.form.durationSec = '3';
    await r.runAll();
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

  it('says nothing when a save dialog is cancelled', async () => {
    const { api, requests: r } = requests();
    api.replies.exportResults = { ok: true, value: null };
    await r.exportResults('json');
    expect(r.notice).toBeNull();
  });

  it('lists earlier sessions into the results, and keeps the old list when the engine fails to answer', async () => {
    const { api, requests: r, results } = requests();
    api.historyEntries = [historyEntry('h1')];
    await r.refreshHistory();
    expect(results.history.map((h) => h.id)).toEqual(['h1']);
    api.listHistory = () => Promise.reject(new Error('channel closed'));
    await r.refreshHistory();
    expect(results.history.map((h) => h.id)).toEqual(['h1']);
    expect([r.pending, r.notice]).toEqual([null, null]);
  });
});
