/**
 * Every finished run, saved in the app's data folder and listed newest first. Each run is one
 * results file (`<id>.json`) written atomically, with a small summary beside it
 * (`<id>.entry.json`) so listing hundreds of runs does not parse hundreds of full documents.
 * The summary is only a cache: when it is missing or damaged the list rebuilds it from the file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { HistoryEntry, ResultsDocument } from '../../shared/contract';
import { MODES } from '../../shared/modes';
import { removeStaleTemps, writeFileAtomic } from './atomic-write';
import { RECOVERED_FAILURE } from './run-log-reader';
import { ResultsFileError, parseResultsDocument, readResultsFile } from './schema';
import { UserError } from '../user-error';

/** A refused or failed history request, worded for the window. */
export class HistoryError extends UserError {
  override readonly name = 'HistoryError';
}

const ID_PATTERN = /^\d{8}-\d{6}-\d{3}-[0-9a-f]{6}$/;

/**
 * Whether `id` is one this store could have made. Ids come back from the window, so anything else
 * (a path, "..", a drive letter) is refused before it comes near the file system.
 */
export function isHistoryId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** "20261124-071804-123-a1b2c3": the save time in UTC (so names sort by time) and a random tail. */
export function newHistoryId(now = new Date()): string {
  const iso = now.toISOString(); // 2026-11-24T07:18:04.123Z
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${iso.slice(20, 23)}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** The one-line list entry for a document: "client: exhausted, server: ok". */
export function historyEntry(id: string, doc: ResultsDocument): HistoryEntry {
  const modes = doc.runs.map((r) => r.mode).filter((m, i, all) => all.indexOf(m) === i);
  const summary =
    doc.runs.length === 0
      ? 'no runs'
      : doc.runs.map((r) => `${r.mode}: ${r.outcome}${runNote(r)}`).join(', ');
  return { id, createdAt: doc.createdAt, status: doc.status, modes, summary };
}

function runNote(run: ResultsDocument['runs'][number]): string {
  if (run.failure === RECOVERED_FAILURE) return ' (interrupted: recovered from its run log)';
  return run.interrupted ? ' (stopped early)' : '';
}

/** How much history to keep: the newest runs, at most this many and this many bytes in all. */
export interface HistoryLimits {
  maxRuns: number;
  maxBytes?: number;
}

const entrySchema = z.object({
  id: z.string().regex(ID_PATTERN),
  createdAt: z.string(),
  status: z.enum(['complete', 'stopped', 'failed']),
  modes: z.array(z.enum(MODES)),
  summary: z.string(),
});

function newestFirst(a: HistoryEntry, b: HistoryEntry): number {
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return tb - ta;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export class HistoryStore {
  /** @param dir The folder that holds the saved runs (created on the first save). */
  constructor(private readonly dir: string) {}

  private documentPath(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private entryPath(id: string): string {
    return path.join(this.dir, `${id}.entry.json`);
  }

  /** Saves a document and answers its id. The document is checked first, so whatever is saved can be opened. */
  async save(doc: ResultsDocument): Promise<string> {
    const text = JSON.stringify(doc);
    try {
      parseResultsDocument(text, 'The results file');
    } catch (error) {
      if (error instanceof ResultsFileError)
        throw new HistoryError(`The run could not be saved: ${error.message}`);
      throw error;
    }
    await mkdir(this.dir, { recursive: true });
    const id = newHistoryId();
    await writeFileAtomic(this.documentPath(id), text);
    await writeFileAtomic(this.entryPath(id), JSON.stringify(historyEntry(id, doc))).catch(() => undefined);
    return id;
  }

  /** The saved runs, newest first. A file that cannot be read is left out, never fatal. */
  async list(): Promise<HistoryEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    await removeStaleTemps(this.dir);
    const ids = names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .filter(isHistoryId);
    const entries: HistoryEntry[] = [];
    for (const id of ids) {
      const entry = (await this.readEntry(id)) ?? (await this.rebuildEntry(id));
      if (entry) entries.push(entry);
    }
    return entries.sort(newestFirst);
  }

  private async readEntry(id: string): Promise<HistoryEntry | null> {
    try {
      const parsed = entrySchema.safeParse(JSON.parse(await readFile(this.entryPath(id), 'utf8')));
      return parsed.success && parsed.data.id === id ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async rebuildEntry(id: string): Promise<HistoryEntry | null> {
    try {
      const entry = historyEntry(id, await readResultsFile(this.documentPath(id)));
      await writeFileAtomic(this.entryPath(id), JSON.stringify(entry)).catch(() => undefined);
      return entry;
    } catch {
      return null;
    }
  }

  /** Opens a saved run. Throws HistoryError for an id it did not make, ResultsFileError for a damaged file. */
  async load(id: string): Promise<ResultsDocument> {
    if (!isHistoryId(id)) throw new HistoryError('That is not a saved run.');
    try {
      return await readResultsFile(this.documentPath(id));
    } catch (error) {
      if (error instanceof ResultsFileError && error.reason === 'missing')
        throw new HistoryError('That saved run no longer exists.');
      throw error;
    }
  }

  /**
   * Keeps the newest `keep` saved runs and deletes the rest, so a machine left running tests for
   * weeks does not fill its disk. Answers how many were deleted.
   */
  async prune(keep: number): Promise<number> {
    return (await this.bound({ maxRuns: keep })).removed.length;
  }

  /**
   * Keeps the newest saved runs within `limits` and deletes the rest; the newest one is always
   * kept. `alsoCounted` adds the size of what else belongs to a run (its run log, say) to its
   * share of `maxBytes`. Answers what was kept and what was removed, newest first.
   */
  async bound(
    limits: HistoryLimits,
    alsoCounted: (id: string) => Promise<number> = async () => 0,
  ): Promise<{ kept: HistoryEntry[]; removed: HistoryEntry[] }> {
    const { maxRuns, maxBytes = Infinity } = limits;
    if (!Number.isInteger(maxRuns) || maxRuns < 0)
      throw new HistoryError('The number of runs to keep must be a whole number.');
    const kept: HistoryEntry[] = [];
    const removed: HistoryEntry[] = [];
    let bytes = 0;
    for (const entry of await this.list()) {
      if (removed.length === 0 && kept.length < maxRuns) {
        bytes += (await this.sizeOf(entry.id)) + (await alsoCounted(entry.id));
        if (kept.length === 0 || bytes <= maxBytes) {
          kept.push(entry);
          continue;
        }
      }
      removed.push(entry);
    }
    for (const entry of removed) await this.remove(entry.id);
    return { kept, removed };
  }

  private async sizeOf(id: string): Promise<number> {
    let size = 0;
    for (const file of [this.entryPath(id), this.documentPath(id)])
      size += await stat(file).then(
        (info) => info.size,
        () => 0,
      );
    return size;
  }

  /** Deletes a saved run; deleting one that is already gone is not an error. */
  async remove(id: string): Promise<void> {
    if (!isHistoryId(id)) throw new HistoryError('That is not a saved run.');
    for (const file of [this.entryPath(id), this.documentPath(id)])
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
  }
}
