/**
 * Reading files a person points at, where a run log (`.jsonl`) counts as results too: a run the
 * app or the command line was killed in leaves only its run log, and `compare` or the window's
 * import should show it (as an interrupted run) like any results file.
 */
import path from 'node:path';
import type { ResultsDocument } from '../../shared/contract';
import { ResultsFileError } from './results-file-error';
import { readRunLog } from './run-log-reader';
import { readResultsFiles } from './schema';

/** Whether `file` is named like a run log. */
export function isRunLogFile(file: string): boolean {
  return path.extname(file).toLowerCase() === '.jsonl';
}

/** Like readResultsFiles, with each run log rebuilt into its results: one sentence per file that cannot be used. */
export async function readResultsOrRunLogs(
  files: readonly string[],
): Promise<{ documents: ResultsDocument[]; problems: string[] }> {
  const documents: ResultsDocument[] = [];
  const problems: string[] = [];
  for (const file of files) {
    if (!isRunLogFile(file)) {
      const read = await readResultsFiles([file]);
      documents.push(...read.documents);
      problems.push(...read.problems);
      continue;
    }
    try {
      documents.push(await readRunLog(file));
    } catch (error) {
      if (!(error instanceof ResultsFileError)) throw error;
      problems.push(error.message);
    }
  }
  return { documents, problems };
}
