/**
 * Every request the window can make, answered in plain Node: raw (untrusted) arguments in, the
 * contract's reply out. Bad input gets a clear sentence and changes nothing; failures a person can
 * act on are said as such; anything unexpected is logged in full and answered in one line. The IPC
 * handlers and the browser tests call this same class, so the window behaves the same in both.
 */
import { basename } from 'node:path';
import type {
  CurrentResults,
  ExportFormat,
  HistoryEntry,
  Reply,
  ResultsDocument,
  RunEnded,
  Snapshot,
} from '../../shared/contract';
import type { SystemInfo } from '../../shared/types';
import type { SessionController } from '../controller/session-controller';
import type { Logger } from '../logger';
import { parseRunAllRequest } from '../controller/run-all-request';
import { parseSessionConfig } from '../engine/config';
import { writeFileAtomic } from '../results/atomic-write';
import { bundleFileName, writeBundle } from '../results/bundle';
import { errorsCsvOf } from '../results/csv';
import { comparisonDocument } from '../results/documents';
import { describeWriteError } from '../results/fs-messages';
import { reportMarkdown, resultsTableMarkdown } from '../results/markdown';
import { readResultsOrRunLogs } from '../results/results-or-run-logs';
import { parseResultsDocument } from '../results/schema';
import { exportFormat, historyId, importedList, optionalHistoryId, startOptions } from './arguments';
import type { DesktopPort } from './desktop-port';
import type { ApiRequests } from './requests';
import { CurrentResultsSet, seedSessions } from './current-results';
import { messageOf, UserError } from '../user-error';
import type { WatchSnapshot } from '../../shared/watch';
import { watchIntervalSec, type WatchService } from './watch-service';

/** What the service needs of the saved results. */
export interface HistoryReader {
  list(): Promise<HistoryEntry[]> | HistoryEntry[];
  load(id: string): Promise<ResultsDocument> | ResultsDocument;
}

export interface ApiServiceOptions {
  controller: SessionController;
  history: HistoryReader;
  desktop: DesktopPort;
  /** The folder "Open log folder" shows. */
  logFolder: string;
  /** The app's own log files (current and rotated), for the diagnostics bundle; none by default. */
  logFiles?: string[];
  /** The run log (every error) of saved results, by history id; it may not exist. */
  runLogOf?: (historyId: string) => string;
  logger: Logger;
  /** The "This computer" view's watch; without one, its requests answer that it is not available. */
  watch?: WatchService;
}

const ok = <T>(value: T): Reply<T> => ({ ok: true, value });

/** Each export of this machine's results (first) and the imported ones shown beside them. */
const EXPORTS: Record<
  ExportFormat,
  { extension: string; name: string; render: (docs: [ResultsDocument, ...ResultsDocument[]]) => string }
> = {
  json: {
    extension: 'json',
    name: 'Results file',
    render: (docs) =>
      `${JSON.stringify(docs.length === 1 ? docs[0] : comparisonDocument(docs, docs[0].app), null, 2)}\n`,
  },
  markdown: { extension: 'md', name: 'Markdown report', render: (docs) => reportMarkdown(docs) },
  csv: { extension: 'csv', name: 'Errors (CSV)', render: (docs) => errorsCsvOf(docs) },
};

/** "socketclosetest-myhost-2026-11-24-0718": safe on every file system. */
export function exportBaseName(document: ResultsDocument): string {
  const host = document.machine.hostname.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'machine';
  const stamp = document.createdAt.slice(0, 16).replace(/[T:]/g, '-');
  return `socketclosetest-${host}-${stamp}`;
}

/** Results resolved for an export, the table or the bundle, and the saved sessions they come from. */
interface Resolved {
  document: ResultsDocument;
  sources: {
    historyId: string | null;
    createdAt: string;
    modes: ResultsDocument['runs'][number]['mode'][];
  }[];
}

export class ApiService implements ApiRequests {
  private readonly current = new CurrentResultsSet();
  /** Starts from the newest saved session, once; sessions that end are taken in after it. */
  private seeding: Promise<void> | null = null;

  constructor(private readonly options: ApiServiceOptions) {
    options.controller.on('run-ended', (ended: RunEnded) => {
      void this.ready().then(() => this.current.ended(ended));
    });
  }

  /**
   * The current results start, once, from the newest saved sessions: the newest, and the ones
   * before it until every original close order has a result (a Run all and the single orders run
   * after it), so a reopened program shows what it showed before it was closed.
   */
  private ready(): Promise<void> {
    this.seeding ??= (async () => {
      let picked: HistoryEntry[] = [];
      try {
        picked = seedSessions(await this.options.history.list());
      } catch (error) {
        this.options.logger.warn(`The saved results could not be listed: ${messageOf(error)}`);
      }
      // Oldest first, so that a newer run of an order replaces an older one; one unreadable
      // session leaves out only its own runs.
      for (const entry of picked.reverse()) {
        try {
          this.current.add(await this.options.history.load(entry.id), entry.id);
        } catch (error) {
          this.options.logger.warn(`The saved results ${entry.id} could not be read: ${messageOf(error)}`);
        }
      }
    })();
    return this.seeding;
  }

  /** Runs a request and turns what it throws into a reply: a sentence, never a stack trace. */
  private async answer<T>(what: string, work: () => Promise<T>): Promise<Reply<T>> {
    try {
      return ok(await work());
    } catch (error) {
      // The window has its own controls for what a hint names (--force is its Start anyway).
      if (error instanceof UserError) return { ok: false, error: error.message };
      this.options.logger.error(`${what} failed unexpectedly.`, error);
      return {
        ok: false,
        error: `${what} failed: something unexpected happened. The log file has the details.`,
      };
    }
  }

  start = (args: unknown[]): Promise<Reply> =>
    this.answer('Starting the test', async () => {
      const config = parseSessionConfig(args[0]);
      const options = startOptions(args[1]);
      try {
        await this.options.controller.start(config, options);
      } catch (error) {
        // Refused for half-connections still listed: the window offers to wait, and says so
        // in the words the status shows (not "wait and try again", which it need not).
        const shown = this.options.controller.snapshot();
        if (shown.canWaitToStart && shown.message) throw new UserError(shown.message);
        throw error;
      }
      return null;
    });

  runAll = (args: unknown[]): Promise<Reply> =>
    this.answer('Starting Run all', async () => {
      await this.options.controller.startRunAll(parseRunAllRequest(args[0]));
      return null;
    });

  stop = (_args: unknown[]): Promise<Reply> =>
    this.answer('Stopping the test', async () => {
      await this.options.controller.stop();
      return null;
    });

  getSnapshot = (_args: unknown[]): Promise<Snapshot> => Promise.resolve(this.options.controller.snapshot());

  getSystemInfo = (_args: unknown[]): Promise<SystemInfo> => this.options.controller.system();

  currentResults = (_args: unknown[]): Promise<Reply<CurrentResults | null>> =>
    this.answer('Reading the results', async () => {
      await this.ready();
      return this.current.current();
    });

  listHistory = (_args: unknown[]): Promise<Reply<HistoryEntry[]>> =>
    this.answer('Listing the saved results', async () => await this.options.history.list());

  openHistory = (args: unknown[]): Promise<Reply<ResultsDocument>> =>
    this.answer('Opening the saved results', () => this.load(historyId(args[0])));

  exportResults = (args: unknown[]): Promise<Reply<string | null>> =>
    this.answer('Exporting the results', async () => {
      const format = exportFormat(args[0]);
      const id = optionalHistoryId(args[1]);
      const imported = this.importedDocuments(args[2]);
      const document = await this.resolve(id);
      const kind = EXPORTS[format];
      const path = await this.options.desktop.chooseSavePath({
        title: 'Export results',
        defaultName: `${exportBaseName(document)}.${kind.extension}`,
        filters: [{ name: kind.name, extensions: [kind.extension] }],
      });
      if (path === null) return null;
      await this.write(path, kind.render([document, ...imported]));
      this.options.logger.info(
        `Exported ${format} results to ${path}${imported.length > 0 ? ` with ${imported.length} imported` : ''}.`,
      );
      return path;
    });

  copyTable = (args: unknown[]): Promise<Reply> =>
    this.answer('Copying the results table', async () => {
      const id = optionalHistoryId(args[0]);
      const imported = this.importedDocuments(args[1]);
      const own = id === null ? await this.resolveOrNull() : await this.load(id);
      const documents = own ? [own, ...imported] : imported;
      if (documents.length === 0) throw new UserError('There are no results yet: run a test first.');
      this.options.desktop.writeClipboard(resultsTableMarkdown(documents));
      return null;
    });

  importResults = (_args: unknown[]): Promise<Reply<ResultsDocument[]>> =>
    this.answer('Importing results', async () => {
      const paths = await this.options.desktop.chooseOpenPaths({
        title: 'Import results from other machines',
        filters: [
          { name: 'Diagnostics bundle, results file or run log', extensions: ['zip', 'json', 'jsonl'] },
          // Any other file is read too, and said what it is ("a Markdown report") when it is not results.
          { name: 'All files', extensions: ['*'] },
        ],
      });
      const { documents, problems } = await readResultsOrRunLogs(paths);
      // All or nothing: a partly imported set would be easy to misread.
      if (problems.length > 0) {
        throw new UserError(
          `Nothing was imported. ${problems.join(' ')}${paths.length > 1 ? ' Choose only SocketCloseTest results files.' : ''}`,
        );
      }
      this.options.logger.info(`Imported ${documents.length} results file(s).`);
      return documents;
    });

  saveBundle = (args: unknown[]): Promise<Reply<string | null>> =>
    this.answer('Saving the diagnostics bundle', async () => {
      const { document, sources } = await this.resolveWithSources(optionalHistoryId(args[0]));
      const created = Date.parse(document.createdAt);
      const path = await this.options.desktop.chooseSavePath({
        title: 'Save diagnostics bundle',
        defaultName: bundleFileName(
          document.machine,
          Number.isFinite(created) ? new Date(created) : new Date(),
        ),
        filters: [{ name: 'Diagnostics bundle', extensions: ['zip'] }],
      });
      if (path === null) return null;
      // The run log holds every error, also those the results kept out of memory.
      const logFiles = [...(this.options.logFiles ?? [])];
      for (const { historyId: id } of sources)
        if (id && this.options.runLogOf) logFiles.push(this.options.runLogOf(id));
      try {
        // What "This computer" saw last, when it has been watched: the bundle's watch.txt and watch.json.
        await writeBundle(path, {
          documents: [document],
          logFiles,
          sources,
          watch: this.options.watch?.latest ?? null,
        });
      } catch (error) {
        throw new UserError(describeWriteError(error, path));
      }
      this.options.logger.info(`Saved a diagnostics bundle to ${path}.`);
      return path;
    });

  watchStart = (args: unknown[]): Promise<Reply> =>
    this.answer('Starting to watch this computer', async () => {
      const intervalSec = watchIntervalSec(args[0]);
      await this.watchService().start(intervalSec);
      return null;
    });

  watchStop = (_args: unknown[]): Promise<Reply> =>
    this.answer('Stopping the watch', async () => {
      await this.watchService().stop();
      return null;
    });

  getWatchSnapshot = (_args: unknown[]): Promise<WatchSnapshot> =>
    Promise.resolve(this.options.watch?.snapshot() ?? { seq: 0, watching: false, poll: null, series: [] });

  exportWatchCsv = (_args: unknown[]): Promise<Reply<string | null>> =>
    this.answer('Exporting the watch', async () => {
      const watch = this.watchService();
      if (!watch.csvFile) throw new UserError('There is nothing to export yet: start watching first.');
      const path = await this.options.desktop.chooseSavePath({
        title: 'Export the watch as CSV',
        defaultName: `socketclosetest-${basename(watch.csvFile)}`,
        filters: [{ name: 'CSV time series', extensions: ['csv'] }],
      });
      if (path === null) return null;
      try {
        await watch.exportCsv(path);
      } catch (error) {
        if (error instanceof UserError) throw error;
        throw new UserError(describeWriteError(error, path));
      }
      this.options.logger.info(`Exported the watch's CSV series to ${path}.`);
      return path;
    });

  openLogFolder = (_args: unknown[]): Promise<Reply> =>
    this.answer('Opening the log folder', async () => {
      const problem = await this.options.desktop.openFolder(this.options.logFolder);
      if (problem)
        throw new UserError(`The log folder ${this.options.logFolder} could not be opened: ${problem}`);
      return null;
    });

  private watchService(): WatchService {
    if (!this.options.watch) throw new UserError('Watching this computer is not available in this program.');
    return this.options.watch;
  }

  /** The imported results the window sends: structured-cloned, so each is checked as a file would be. */
  private importedDocuments(raw: unknown): ResultsDocument[] {
    return importedList(raw).map((item, i) =>
      parseResultsDocument(JSON.stringify(item) ?? '', `Imported results ${i + 1}`),
    );
  }

  private async load(id: string): Promise<ResultsDocument> {
    try {
      return await this.options.history.load(id);
    } catch (error) {
      if (error instanceof UserError)
        this.options.logger.warn(`Saved results ${id} could not be opened: ${error.message}`);
      throw error;
    }
  }

  /**
   * The results a request acts on when it names no saved session: the newest run of each close
   * order since the program opened (or the newest saved session), as the window shows them.
   */
  private async newestResults(): Promise<Resolved | null> {
    await this.ready();
    return this.current.current();
  }

  private async resolveOrNull(): Promise<ResultsDocument | null> {
    return (await this.newestResults())?.document ?? null;
  }

  private async resolveWithSources(id: string | null): Promise<Resolved> {
    if (id !== null) {
      const document = await this.load(id);
      return {
        document,
        sources: [{ historyId: id, createdAt: document.createdAt, modes: document.runs.map((r) => r.mode) }],
      };
    }
    const found = await this.newestResults();
    if (!found) throw new UserError('There are no results yet: run a test first.');
    return found;
  }

  private async resolve(id: string | null): Promise<ResultsDocument> {
    return (await this.resolveWithSources(id)).document;
  }

  private async write(path: string, text: string): Promise<void> {
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      throw new UserError(describeWriteError(error, path));
    }
  }
}
