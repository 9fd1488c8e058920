/**
 * What a start does with the records earlier sessions left behind, before the window asks for the
 * history: a run log whose session never saved (the app was killed, or the disk was full) goes
 * into the history, marked as interrupted, with its exact error counts; an empty one is deleted;
 * and the history is kept within bounds, newest first, so weeks of runs neither fill the disk nor
 * make the list slow. At start no session is in progress, so every run log not named after a saved
 * run is such an orphan.
 */
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEntry, ResultsDocument } from '../../shared/contract';
import { formatCount } from '../../shared/outcome';
import { isHistoryId, type HistoryLimits } from '../results/history';
import { ResultsFileError } from '../results/results-file-error';
import { readRunLog } from '../results/run-log-reader';
import type { Logger } from '../logger';
import { runLogFile } from './records';

/** 500 runs and 1 GB (results and run logs together) by default. */
export const DEFAULT_HISTORY_LIMITS: Required<HistoryLimits> = {
  maxRuns: 500,
  maxBytes: 1024 * 1024 * 1024,
};

/** What recovery needs of the history (HistoryStore has it). */
export interface RecoverableHistory {
  save(document: ResultsDocument): Promise<string>;
  bound(
    limits: HistoryLimits,
    alsoCounted: (id: string) => Promise<number>,
  ): Promise<{ kept: HistoryEntry[]; removed: HistoryEntry[] }>;
}

export interface RecoveryOptions {
  dataDir: string;
  history: RecoverableHistory;
  logger: Logger;
  limits?: HistoryLimits;
  app?: ResultsDocument['app'];
}

export interface Recovery {
  /** History ids of the recovered runs. */
  recovered: string[];
  /** Run logs deleted because they held no run. */
  emptyDeleted: string[];
  /** Saved runs removed to keep the history within its limits. */
  removed: HistoryEntry[];
}

/** Recovers orphan run logs into the history and bounds it. Never throws: problems are logged. */
export async function recoverRecords(options: RecoveryOptions): Promise<Recovery> {
  const { dataDir, history, logger } = options;
  const result: Recovery = { recovered: [], emptyDeleted: [], removed: [] };
  const runsDir = join(dataDir, 'runs');
  let names: string[] = [];
  try {
    names = (await readdir(runsDir)).filter((name) => name.endsWith('.jsonl')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      logger.warn(`The run logs in ${runsDir} could not be listed: ${(error as Error).message}`);
  }
  for (const name of names) {
    const id = name.slice(0, -'.jsonl'.length);
    if (isHistoryId(id)) continue;
    try {
      await recoverOne(join(runsDir, name), options, result);
    } catch (error) {
      logger.warn(`The run log ${join(runsDir, name)} could not be recovered: ${(error as Error).message}`);
    }
  }
  try {
    const runLogSize = (id: string) =>
      stat(runLogFile(dataDir, id)).then(
        (info) => info.size,
        () => 0,
      );
    const limits = options.limits ?? DEFAULT_HISTORY_LIMITS;
    const { kept, removed } = await history.bound(limits, runLogSize);
    result.removed = removed;
    const keptIds = new Set(kept.map((entry) => entry.id));
    // The run logs of removed runs go with them, as do those of runs deleted some other way.
    for (const name of names) {
      const id = name.slice(0, -'.jsonl'.length);
      if (isHistoryId(id) && !keptIds.has(id)) await unlink(join(runsDir, name)).catch(() => undefined);
    }
    for (const entry of removed) await unlink(runLogFile(dataDir, entry.id)).catch(() => undefined);
    if (removed.length > 0)
      logger.info(
        `Removed ${formatCount(removed.length)} old saved run(s) to keep the history within ` +
          `${formatCount(limits.maxRuns)} runs and ${formatMegabytes(limits.maxBytes ?? Infinity)}: ` +
          removed.map((entry) => `${entry.id} (${entry.createdAt})`).join(', '),
      );
  } catch (error) {
    logger.warn(`The history could not be kept within its limits: ${(error as Error).message}`);
  }
  return result;
}

async function recoverOne(file: string, options: RecoveryOptions, result: Recovery): Promise<void> {
  const { dataDir, history, logger } = options;
  if ((await stat(file)).size === 0) {
    await unlink(file);
    result.emptyDeleted.push(file);
    logger.info(`Deleted the empty run log ${file}.`);
    return;
  }
  let document: ResultsDocument;
  try {
    document = await readRunLog(file, { app: options.app });
  } catch (error) {
    if (error instanceof ResultsFileError && error.reason === 'empty') {
      await unlink(file);
      result.emptyDeleted.push(file);
      logger.info(`Deleted the run log ${file}: it holds no run.`);
      return;
    }
    throw error;
  }
  const id = await history.save(document);
  const errors = document.runs.reduce(
    (sum, run) => sum + Object.values(run.errorCounts).reduce((a, b) => a + b, 0),
    0,
  );
  result.recovered.push(id);
  await rename(file, runLogFile(dataDir, id)).catch((error: Error) =>
    logger.warn(`The recovered run log ${file} keeps its name: ${error.message}`),
  );
  logger.info(
    `Recovered the run log ${file} into the history as ${id}: ${document.runs.length} run(s), ` +
      `${formatCount(errors)} error(s), ${document.runs.map((run) => `${run.mode}: ${run.outcome}`).join(', ')}.`,
  );
}

function formatMegabytes(bytes: number): string {
  return Number.isFinite(bytes) ? `${Math.round(bytes / (1024 * 1024))} MB` : 'no size limit';
}
