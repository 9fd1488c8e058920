/**
 * The results the window shows and sends by default: everything run since the program opened
 * (the newest run of each close order), starting from the newest saved session; exports, the
 * copied table and the bundle all use that same set, and the bundle names where it comes from.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CurrentResults, HistoryEntry, RunAllRequest } from '../../../src/shared/contract';
import type { Mode } from '../../../src/shared/modes';
import { ApiService } from '../../../src/main/service/api-service';
import { seedSessions } from '../../../src/main/service/current-results';
import { HistoryStore } from '../../../src/main/results/history';
import { parseResultsDocument } from '../../../src/main/results/schema';
import type { DesktopPort } from '../../../src/main/service/desktop-port';
import { config } from '../controller/helpers';
import { counts, FakeCounter, fakeController, type Faked } from '../controller/fake-engine';
import { lingeringError } from '../../../src/main/engine/start-errors';
import { readZip } from '../../helpers/zip';

const request: RunAllRequest = {
  modes: ['client', 'server', 'simultaneous', 'graceful', 'abort'],
  host: '127.0.0.1',
  port: 63001,
  durationSec: 1,
  maxErrors: 10,
  connectionLimit: null,
};

let dir: string;
let history: HistoryStore;
let f: Faked;
let saveTo: string | null;
let clipboard: string;
const desktop: DesktopPort = {
  chooseSavePath: () => Promise.resolve(saveTo),
  chooseOpenPaths: () => Promise.resolve([]),
  writeClipboard: (text) => void (clipboard = text),
  openFolder: () => Promise.resolve(null),
};

function service(): ApiService {
  return new ApiService({
    controller: f.controller,
    history,
    desktop,
    logFolder: join(dir, 'logs'),
    runLogOf: (id) => join(dir, 'runs', `${id}.jsonl`),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
}

async function current(api: ApiService): Promise<CurrentResults | null> {
  const reply = await api.currentResults([]);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** Runs every mode of a Run all to its end on the fake engine. */
async function runAll(modes = request.modes): Promise<void> {
  const handle = await f.controller.startRunAll({ ...request, modes });
  for (let i = 0; i < modes.length; i++) {
    await vi.advanceTimersByTimeAsync(0);
    f.engine.lastRun.end();
  }
  await handle.ended;
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers();
  dir = mkdtempSync(join(tmpdir(), 'sct-current-'));
  history = new HistoryStore(join(dir, 'history'));
  f = fakeController({ history, drainPollMs: 1000 });
  f.engine.counterToGive = new FakeCounter([counts(0)]);
  saveTo = null;
  clipboard = '';
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the current results', () => {
  it('are nothing before anything ran or was saved', async () => {
    expect(await current(service())).toBeNull();
    expect(await service().exportResults(['json', null])).toEqual({
      ok: false,
      error: 'There are no results yet: run a test first.',
    });
  });

  it('keep the other orders of a Run all when a single mode runs after it, and say when each ran', async () => {
    const api = service();
    await runAll();
    const afterRunAll = await current(api);
    expect(afterRunAll!.document.runs.map((r) => r.mode)).toEqual(request.modes);
    expect(afterRunAll!.sources).toHaveLength(1);

    const single = await f.controller.start(config(63001, { mode: 'server' }));
    await vi.advanceTimersByTimeAsync(0);
    f.engine.lastRun.end();
    const ended = await single.ended;
    await vi.advanceTimersByTimeAsync(0);

    const now = (await current(api))!;
    expect(now.document.runs.map((r) => r.mode)).toEqual(request.modes);
    // The newest server run wins; the other four are the Run all's.
    expect(now.document.runs[1]).toEqual(ended.document.runs[0]);
    expect(now.sources.map((s) => s.modes)).toEqual([
      ['client', 'simultaneous', 'graceful', 'abort'],
      ['server'],
    ]);
    expect(now.sources[1]).toMatchObject({ historyId: ended.historyId, createdAt: ended.document.createdAt });
    expect(now.document.createdAt).toBe(ended.document.createdAt);

    // Export, Copy table and the bundle all use this same set.
    saveTo = join(dir, 'out.json');
    expect(await api.exportResults(['json', null])).toEqual({ ok: true, value: saveTo });
    expect(parseResultsDocument(readFileSync(saveTo, 'utf8'))).toEqual(now.document);
    expect(await api.copyTable([null, []])).toEqual({ ok: true, value: null });
    for (const mode of request.modes) expect(clipboard).toContain(mode);

    // Zip streams run on real timers.
    vi.useRealTimers();
    mkdirSync(join(dir, 'runs'), { recursive: true });
    for (const s of now.sources) writeFileSync(join(dir, 'runs', `${s.historyId}.jsonl`), '{}\n');
    saveTo = join(dir, 'bundle.zip');
    expect(await api.saveBundle([null])).toEqual({ ok: true, value: saveTo });
    const zip = new Map((await readZip(saveTo)).map((e) => [e.name, e.bytes]));
    const bundled = parseResultsDocument(zip.get('results.json')!.toString('utf8'));
    expect(bundled.runs.map((r) => r.mode)).toEqual(request.modes);
    const readme = zip.get('README.txt')!.toString('utf8');
    expect(readme).toContain('The results hold these runs (the newest of each close order):');
    expect(readme).toContain(`- client, simultaneous, graceful, abort: from the session that ended`);
    expect(readme).toContain(`- server: from the session that ended`);
    expect(readme).toContain(`saved as ${ended.historyId}`);
    // Both sessions' run logs go in.
    expect([...zip.keys()].filter((k) => k.startsWith('logs/'))).toHaveLength(2);

    // An earlier session can still be picked by its id.
    const first = afterRunAll!.sources[0]!.historyId!;
    saveTo = join(dir, 'first.json');
    expect(await api.exportResults(['json', first])).toEqual({ ok: true, value: saveTo });
    expect(parseResultsDocument(readFileSync(saveTo, 'utf8')).runs[1]).toEqual(afterRunAll!.document.runs[1]);
  });

  it('start from the newest saved session when the program opens again', async () => {
    await runAll(['client', 'server']);
    const before = (await current(service()))!;
    // A new program on the same data folder: nothing has run in it yet.
    const reopened = service();
    const shown = (await current(reopened))!;
    expect(shown.document.runs).toEqual(before.document.runs);
    saveTo = join(dir, 'reopened.md');
    expect(await reopened.exportResults(['markdown', null])).toEqual({ ok: true, value: saveTo });
    expect(readFileSync(saveTo, 'utf8')).toContain('client');
  });

  it('start, when the program opens again, from the sessions that held them: a Run all and a single order after it', async () => {
    const api = service();
    await runAll(['client', 'server', 'graceful']);
    await vi.advanceTimersByTimeAsync(60_000);
    await runAll(['server']);
    const before = (await current(api))!;
    expect(before.sources.map((s) => s.modes)).toEqual([['client', 'graceful'], ['server']]);
    // Reopened on the same data folder: the table is the one it was, not the newest session alone.
    const shown = (await current(service()))!;
    expect(shown.document.runs.map((r) => r.mode)).toEqual(['client', 'server', 'graceful']);
    expect(shown.document.runs).toEqual(before.document.runs);
    expect(shown.sources.map((s) => s.modes)).toEqual([['client', 'graceful'], ['server']]);
  });

  it('are left as they were by a Run all stopped before anything ran', async () => {
    const api = service();
    await runAll(['client', 'graceful']);
    const before = (await current(api))!;
    f.engine.counterToGive = new FakeCounter([counts(9)]);
    const handle = await f.controller.startRunAll(request);
    await vi.advanceTimersByTimeAsync(250);
    await f.controller.stop();
    const ended = await handle.ended;
    expect(ended.document.runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(await current(api)).toEqual(before);
  });
});

describe('a start refused for lingering half-connections', () => {
  it('is answered with the offer to wait, and a start that waits is accepted', async () => {
    const api = service();
    f.engine.refuseNext = lingeringError(7, 63001, 60);
    const refused = await api.start([config(63001, { force: false })]);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error).toMatch(
      /^7 half-connections of an earlier run are still listed for port 63001\. .*"Wait and start"/,
    );
    expect(refused.ok ? '' : refused.error).not.toContain('try again');
    expect(await api.start([config(63001, { force: false }), { waitForDrain: 'yes' }])).toEqual({
      ok: false,
      error: 'The start options must say whether to wait (waitForDrain: true or false).',
    });
    expect(await api.start([config(63001, { force: false }), { waitForDrain: true }])).toEqual({
      ok: true,
      value: null,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(f.engine.lastRun.config.force).toBe(true);
    await f.controller.stop();
  });
});

describe('seedSessions', () => {
  const entry = (id: string, createdAt: string, modes: Mode[]): HistoryEntry => ({
    id,
    createdAt,
    status: 'complete',
    modes,
    summary: '',
  });

  it('goes back from the newest session until the five original orders are covered, within a day', () => {
    const history = [
      entry('e', '2026-12-03T10:00:00.000+01:00', ['server']),
      entry('d', '2026-12-03T09:00:00.000+01:00', ['any', 'client', 'server', 'simultaneous', 'graceful']),
      entry('c', '2026-12-03T08:00:00.000+01:00', ['client']),
    ];
    expect(seedSessions(history).map((e) => e.id)).toEqual(['e', 'd']);
    expect(
      seedSessions([history[0]!, entry('b', '2026-12-01T09:00:00.000+01:00', ['client'])]).map((e) => e.id),
    ).toEqual(['e']);
    expect(seedSessions([])).toEqual([]);
  });
});
