/**
 * The window's "This computer" view, in plain Node: one watcher at a time, its polls turned into
 * snapshots for the window (at most four a second, bounded whatever the machine), and its CSV time
 * series written to the data folder as the polls come, so an export copies what was seen and a
 * closed window loses nothing. The app hands in how to make a watcher; tests hand in a real one.
 */
import { EventEmitter } from 'node:events';
import { appendFile, copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WatchPoll, WatchSnapshot } from '../../shared/watch';
import type { Logger } from '../logger';
import { UserError } from '../user-error';
import { watchCsvHeader, watchCsvRows } from '../watch/watch-csv';
import { ArgumentError } from './arguments';

/** What the service needs of a watcher (src/main/watch/watcher.ts's Watcher has it). */
export interface WatchPoller {
  readonly latest: WatchPoll | null;
  start(): void;
  close(): Promise<void>;
  on(event: 'poll', listener: (poll: WatchPoll) => void): unknown;
  off(event: 'poll', listener: (poll: WatchPoll) => void): unknown;
}

export interface WatchServiceOptions {
  /** Makes a watcher that polls every `intervalMs` (a new one per watch). */
  createWatcher(intervalMs: number): WatchPoller;
  /** The CSV series go in this folder (the app's data folder's `watch`). */
  folder: string;
  logger: Logger;
  /**
   * A watch's CSV file stops growing at this size (50 MB: at a poll a second, about 75 minutes of
   * the busiest machine, 50 destinations and 50 programs a poll; about 12 hours of one with ten).
   */
  maxCsvBytes?: number;
  /** The least time between two snapshots (250 ms: four a second). */
  snapshotMs?: number;
  /** The CSV files kept from earlier watches besides the current one. */
  keepFiles?: number;
}

/** The series the chart draws: the five busiest destinations over the newest ten minutes. */
export const SERIES_COUNT = 5;
export const SERIES_SPAN_SEC = 600;
/** Destinations followed for the chart: those in the top five now and lately, at most this many. */
const TRACKED_MAX = 12;
const DEFAULT_MAX_CSV = 50 * 1024 * 1024;

/** The poll interval the window asks for: nothing is a second; 0.25 s to 60 s. */
export function watchIntervalSec(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0.25 && value <= 60) return value;
  throw new ArgumentError('The watch interval must be a number of seconds from 0.25 to 60.');
}

/** "watch-2026-12-03-150412-042.csv": sorts by time, one per watch, safe on every file system. */
function csvName(now: Date): string {
  const p = (n: number, digits = 2) => String(n).padStart(digits, '0');
  const day = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
  return `watch-${day}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}-${p(now.getMilliseconds(), 3)}.csv`;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

export class WatchService extends EventEmitter<{ snapshot: [WatchSnapshot] }> {
  private watcher: WatchPoller | null = null;
  private seq = 0;
  private last: WatchPoll | null = null;
  /** Held ports over time, by endpoint, oldest point first. */
  private readonly tracked = new Map<string, { t: number; held: number }[]>();
  private lastSentMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private csvPath: string | null = null;
  private csvBytes = 0;
  private csvNote: string | null = null;
  /** Every CSV write in order: an export waits for it. */
  private writing: Promise<void> = Promise.resolve();
  private readonly onPoll = (poll: WatchPoll): void => this.received(poll);

  constructor(private readonly options: WatchServiceOptions) {
    super();
  }

  get watching(): boolean {
    return this.watcher !== null;
  }

  /** The newest poll, also after the watch stopped (for the diagnostics bundle); null before the first. */
  get latest(): WatchPoll | null {
    return this.last;
  }

  /** The current (or last) watch's CSV file; null before the first watch. */
  get csvFile(): string | null {
    return this.csvPath;
  }

  /** Starts a watch with a new CSV file; already watching, nothing changes. */
  async start(intervalSec = 1): Promise<void> {
    if (this.watcher) return;
    const watcher = this.options.createWatcher(Math.round(intervalSec * 1000));
    this.watcher = watcher;
    this.last = null;
    this.tracked.clear();
    await this.openCsv();
    watcher.on('poll', this.onPoll);
    watcher.start();
    this.options.logger.info(
      `Watching this computer every ${intervalSec} s; the series goes to ${this.csvPath}.`,
    );
    this.send();
  }

  /** Stops the watch (its last poll and file stay for the bundle and an export), and says so. */
  async stop(): Promise<void> {
    const watcher = this.watcher;
    if (!watcher) return;
    this.watcher = null;
    watcher.off('poll', this.onPoll);
    try {
      await watcher.close();
    } finally {
      this.options.logger.info('Stopped watching this computer.');
      this.flush();
      await this.writing;
    }
  }

  /** What the window shows now (csvNote: a sentence when the CSV series stopped short). */
  snapshot(): WatchSnapshot {
    const poll = this.last;
    const top = poll ? poll.destinations.slice(0, SERIES_COUNT) : [];
    const series = top.map((d) => ({
      endpoint: d.endpoint,
      points: [...(this.tracked.get(d.endpoint) ?? [])],
    }));
    return { seq: this.seq, watching: this.watching, poll, series, csvNote: this.csvNote };
  }

  /** Copies the CSV series, as written so far, to `path`. */
  async exportCsv(path: string): Promise<void> {
    if (!this.csvPath) throw new UserError('There is nothing to export yet: start watching first.');
    await this.writing;
    await copyFile(this.csvPath, path);
  }

  /** Stops for good (the app quits). */
  async close(): Promise<void> {
    await this.stop();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private received(poll: WatchPoll): void {
    this.last = poll;
    this.follow(poll);
    this.appendCsv(watchCsvRows(poll));
    this.schedule();
  }

  /** Adds the poll's held ports to the chart's series, dropping what is older than ten minutes. */
  private follow(poll: WatchPoll): void {
    const since = poll.t - SERIES_SPAN_SEC;
    const top = new Set<string>();
    for (const d of poll.destinations.slice(0, SERIES_COUNT)) top.add(d.endpoint);
    for (const d of poll.destinations) {
      const points = this.tracked.get(d.endpoint);
      if (points) points.push({ t: poll.t, held: d.held });
      else if (top.has(d.endpoint)) this.tracked.set(d.endpoint, [{ t: poll.t, held: d.held }]);
    }
    for (const [endpoint, points] of this.tracked) {
      let drop = 0;
      while (drop < points.length && points[drop]!.t < since) drop++;
      if (drop > 0) points.splice(0, drop);
      if (points.length === 0) this.tracked.delete(endpoint);
    }
    // Bounded: those out of the top five longest are forgotten first.
    while (this.tracked.size > TRACKED_MAX) {
      let oldest: string | null = null;
      let oldestT = Infinity;
      for (const [endpoint, points] of this.tracked) {
        const lastT = points[points.length - 1]!.t;
        if (!top.has(endpoint) && lastT < oldestT) {
          oldest = endpoint;
          oldestT = lastT;
        }
      }
      if (oldest === null) break;
      this.tracked.delete(oldest);
    }
  }

  /** A snapshot now, or once 250 ms have passed since the last: polls faster than that are merged. */
  private schedule(): void {
    if (this.timer) return;
    const wait = this.lastSentMs + (this.options.snapshotMs ?? 250) - Date.now();
    if (wait <= 0) {
      this.send();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.send();
    }, wait);
  }

  /** A pending snapshot goes now, and the one that says the watch stopped. */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.send();
  }

  private send(): void {
    this.seq++;
    this.lastSentMs = Date.now();
    this.emit('snapshot', this.snapshot());
  }

  private async openCsv(): Promise<void> {
    const folder = this.options.folder;
    this.csvPath = join(folder, csvName(new Date()));
    this.csvNote = null;
    const header = watchCsvHeader();
    this.csvBytes = Buffer.byteLength(header);
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(folder, { recursive: true });
        await this.pruneCsv();
        await writeFile(this.csvPath!, header);
      } catch (error) {
        this.csvFailed(error);
      }
    });
    await this.writing;
  }

  /** Keeps the newest few series from earlier watches; the disk is not filled by a week of them. */
  private async pruneCsv(): Promise<void> {
    const keep = this.options.keepFiles ?? 5;
    const names = (await readdir(this.options.folder)).filter((n) => /^watch-[\d-]+\.csv$/.test(n)).sort();
    for (const name of names.slice(0, Math.max(0, names.length - keep)))
      await rm(join(this.options.folder, name), { force: true });
  }

  private appendCsv(rows: string): void {
    const path = this.csvPath;
    if (!path || this.csvNote !== null || rows.length === 0) return;
    const max = this.options.maxCsvBytes ?? DEFAULT_MAX_CSV;
    const bytes = Buffer.byteLength(rows);
    if (this.csvBytes + bytes > max) {
      this.csvNote = `The CSV series reached ${megabytes(max)} and stopped growing: the export holds the watch up to then. Stop and start watching again for a new one.`;
      this.options.logger.warn(`The watch's CSV file ${path} reached its cap of ${max} bytes.`);
      return;
    }
    this.csvBytes += bytes;
    this.writing = this.writing.then(async () => {
      if (this.csvNote !== null) return;
      try {
        await appendFile(path, rows);
      } catch (error) {
        this.csvFailed(error);
      }
    });
  }

  private csvFailed(error: unknown): void {
    this.csvNote = `The CSV series could not be written to ${this.csvPath}: the export holds what was written before.`;
    this.options.logger.error(`Writing the watch's CSV file ${this.csvPath} failed.`, error);
  }
}
