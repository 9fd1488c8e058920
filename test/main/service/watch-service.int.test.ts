/**
 * The "This computer" view's main side on the real watcher and real sockets: the requests the IPC
 * handlers call, a watch that sees this test's own connections toward a destination, snapshots
 * that stay bounded and paced, the CSV series written as polls come and copied by an export, and
 * a stop after which nothing more is sent.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WatchSnapshot } from '../../../src/shared/watch';
import { WATCH_LIMIT } from '../../../src/shared/watch';
import { ApiService } from '../../../src/main/service/api-service';
import type { DesktopPort } from '../../../src/main/service/desktop-port';
import { SERIES_COUNT, SERIES_SPAN_SEC, WatchService } from '../../../src/main/service/watch-service';
import { Watcher } from '../../../src/main/watch/watcher';
import { watchCsvHeader } from '../../../src/main/watch/watch-csv';
import { makeController } from '../controller/helpers';
import { freshPort } from '../../helpers/ports';
import { entryBytes, readZip } from '../../helpers/zip';
import { linuxDocument } from '../../fixtures/results/factory';

const WORKER = resolve('out/worker/watch-worker.js');
const CLIENTS = 40;

/** A listener and CLIENTS connections to it that this side closes first: each holds its port in TIME_WAIT. */
async function clientFirstLoad(port: number): Promise<{ close: () => Promise<void>; open: net.Socket[] }> {
  const accepted: net.Socket[] = [];
  const server = net.createServer((s) => accepted.push(s));
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const connect = () =>
    new Promise<net.Socket>((done, fail) => {
      const s = net.connect(port, '127.0.0.1', () => done(s));
      s.once('error', fail);
    });
  for (let i = 0; i < CLIENTS; i++) {
    const s = await connect();
    await new Promise<void>((done) => s.end(done));
    await new Promise<void>((done) => (s.readyState === 'closed' ? done() : s.once('close', () => done())));
  }
  // And a few that stay open.
  const open: net.Socket[] = [];
  for (let i = 0; i < 3; i++) open.push(await connect());
  return {
    open,
    close: async () => {
      for (const s of [...open, ...accepted]) s.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

async function until<T>(what: string, check: () => T | null | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = check();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs / 1000} s for ${what}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the watch service on the real watcher', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('watches real connections, paces bounded snapshots, writes the CSV series, exports it and stops', async () => {
    const { controller, history, dataDir } = makeController();
    const out = mkdtempSync(join(tmpdir(), 'sct-watch-out-'));
    let saveTo: string | null = join(out, 'exported.csv');
    const desktop: DesktopPort = {
      chooseSavePath: () => Promise.resolve(saveTo),
      chooseOpenPaths: () => Promise.resolve([]),
      writeClipboard: () => {},
      openFolder: () => Promise.resolve(null),
    };
    const folder = join(dataDir, 'watch');
    const watch = new WatchService({
      createWatcher: (intervalMs) => new Watcher({ intervalMs, workerPath: WORKER }),
      folder,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    closers.push(() => watch.close());
    const service = new ApiService({
      controller,
      history,
      desktop,
      logFolder: join(dataDir, 'logs'),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      watch,
    });
    const snapshots: { at: number; snapshot: WatchSnapshot }[] = [];
    watch.on('snapshot', (snapshot) => snapshots.push({ at: Date.now(), snapshot }));

    // Nothing to export before a watch.
    const early = await service.exportWatchCsv([]);
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error).toBe('There is nothing to export yet: start watching first.');

    const port = await freshPort();
    const endpoint = `127.0.0.1:${port}`;
    const load = await clientFirstLoad(port);
    closers.push(load.close);

    const startedAt = Date.now();
    expect(await service.watchStart([0.25])).toEqual({ ok: true, value: null });
    // A second start while watching changes nothing.
    expect(await service.watchStart([])).toEqual({ ok: true, value: null });
    const seen = await until('the destination in a snapshot', () =>
      snapshots
        .map((s) => s.snapshot.poll?.destinations.find((d) => d.endpoint === endpoint))
        .find((d) => d && d.held >= CLIENTS),
    );
    expect(seen.byState.TIME_WAIT).toBeGreaterThanOrEqual(CLIENTS);
    // Several polls, so the chart has a line to draw.
    const current = await until('a second point on the chart', () => {
      const shown = watch.snapshot();
      return (shown.series.find((s) => s.endpoint === endpoint)?.points.length ?? 0) > 1 ? shown : null;
    });
    expect(current.watching).toBe(true);
    expect(current.poll).not.toBeNull();
    expect(((await service.getWatchSnapshot([])) as WatchSnapshot).seq).toBeGreaterThanOrEqual(current.seq);

    // Paced: never two snapshots within 250 ms of each other (a poll every 250 ms, and the
    // service's own floor), so never more than one for each 250 ms of the watch, plus the first.
    const during = snapshots.filter((s) => s.at >= startedAt);
    const spanMs = during[during.length - 1]!.at - during[0]!.at;
    expect(during.length).toBeLessThanOrEqual(Math.floor(spanMs / 250) + 2);
    for (let i = 1; i < snapshots.length; i++)
      expect(snapshots[i]!.snapshot.seq).toBeGreaterThan(snapshots[i - 1]!.snapshot.seq);
    // Bounded, however busy the machine.
    for (const { snapshot } of snapshots) {
      expect(snapshot.poll?.destinations.length ?? 0).toBeLessThanOrEqual(WATCH_LIMIT);
      expect(snapshot.poll?.programs.length ?? 0).toBeLessThanOrEqual(WATCH_LIMIT);
      expect(snapshot.series.length).toBeLessThanOrEqual(SERIES_COUNT);
      const newest = snapshot.poll?.t ?? 0;
      for (const s of snapshot.series)
        for (const p of s.points) expect(p.t).toBeGreaterThanOrEqual(newest - SERIES_SPAN_SEC);
    }

    // The CSV series is on disk as the polls come, and the export copies it.
    const file = watch.csvFile!;
    expect(readdirSync(folder)).toContain(file.slice(folder.length + 1));
    expect(await service.exportWatchCsv([])).toEqual({ ok: true, value: saveTo });
    const exported = readFileSync(saveTo, 'utf8');
    expect(exported.startsWith(watchCsvHeader())).toBe(true);
    expect(exported).toContain(endpoint);
    expect(readFileSync(file, 'utf8').startsWith(exported)).toBe(true);
    saveTo = null;
    expect(await service.exportWatchCsv([])).toEqual({ ok: true, value: null });

    // Stopped: one last snapshot says so, and no more come; the last poll stays for the bundle.
    expect(await service.watchStop([])).toEqual({ ok: true, value: null });
    const last = snapshots[snapshots.length - 1]!.snapshot;
    expect(last.watching).toBe(false);
    const count = snapshots.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(snapshots.length).toBe(count);
    expect(watch.latest?.destinations.some((d) => d.endpoint === endpoint)).toBe(true);
    expect(((await service.getWatchSnapshot([])) as WatchSnapshot).watching).toBe(false);
    expect(await service.watchStop([])).toEqual({ ok: true, value: null });

    // The diagnostics bundle carries the last poll, as text and in full.
    const saved = await history.save(linuxDocument());
    saveTo = join(out, 'bundle.zip');
    expect(await service.saveBundle([saved])).toEqual({ ok: true, value: saveTo });
    const entries = await readZip(saveTo);
    const names = entries.map((e) => e.name);
    expect(names).toContain('watch.txt');
    expect(
      JSON.parse(entryBytes(entries, 'watch.json').toString('utf8')).destinations.some(
        (d: { endpoint: string }) => d.endpoint === endpoint,
      ),
    ).toBe(true);
  });

  it('refuses a bad interval with a sentence and starts nothing', async () => {
    const { controller, history, dataDir } = makeController();
    let made = 0;
    const watch = new WatchService({
      createWatcher: (intervalMs) => {
        made++;
        return new Watcher({ intervalMs, workerPath: WORKER });
      },
      folder: join(dataDir, 'watch'),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    const desktop: DesktopPort = {
      chooseSavePath: () => Promise.resolve(null),
      chooseOpenPaths: () => Promise.resolve([]),
      writeClipboard: () => {},
      openFolder: () => Promise.resolve(null),
    };
    const service = new ApiService({
      controller,
      history,
      desktop,
      logFolder: join(dataDir, 'logs'),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      watch,
    });
    const refused = { ok: false, error: 'The watch interval must be a number of seconds from 0.25 to 60.' };
    for (const bad of ['1', 0.1, 61, Number.NaN, Infinity, {}, [1], -1, true])
      expect(await service.watchStart([bad])).toEqual(refused);
    expect(made).toBe(0);
    expect(watch.watching).toBe(false);

    // Without a watch (a build of the service that has none), its requests say so.
    const bare = new ApiService({
      controller,
      history,
      desktop,
      logFolder: join(dataDir, 'logs'),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    expect(await bare.watchStart([])).toEqual({
      ok: false,
      error: 'Watching this computer is not available in this program.',
    });
    expect(await bare.getWatchSnapshot([])).toEqual({ seq: 0, watching: false, poll: null, series: [] });
  });

  it('keeps the CSV series within its cap and says so, and keeps only the newest files', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'sct-watch-cap-')), 'watch');
    const watch = new WatchService({
      createWatcher: (intervalMs) => new Watcher({ intervalMs, workerPath: WORKER }),
      folder,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      maxCsvBytes: watchCsvHeader().length + 10,
      keepFiles: 1,
    });
    closers.push(() => watch.close());
    const files: string[] = [];
    for (let i = 0; i < 3; i++) {
      await watch.start(0.25);
      files.push(watch.csvFile!);
      await until('a poll', () => watch.latest);
      await watch.stop();
    }
    expect(watch.snapshot().csvNote).toMatch(/^The CSV series reached \d+ MB and stopped growing/);
    expect(readFileSync(files[2]!, 'utf8')).toBe(watchCsvHeader());
    // The current file and one earlier one.
    expect(readdirSync(folder).sort()).toEqual([files[1]!, files[2]!].map((f) => f.slice(folder.length + 1)));
  });
});
