/**
 * Reading files a person points at, whatever SocketCloseTest wrote: a results file, a comparison
 * exported with imported results, a diagnostics bundle (.zip, the file people send back), or a run
 * log (`.jsonl`): a run the app or the command line was killed in leaves only its run log, and
 * `compare` or the window's import should show it (as an interrupted run) like any results file.
 * The file's first bytes decide, so a bundle or a run log saved under another name is read too.
 */
import path from 'node:path';
import type { ResultsDocument } from '../../shared/contract';
import { clip } from './clip';
import { looksLikeZip, readBundleResults } from './bundle-reader';
import { looksLikeRunLog } from './file-kind';
import { FileReadError, openRegularFile } from './read-bounded';
import { ResultsFileError } from './results-file-error';
import { readRunLog } from './run-log-reader';
import { readResultsFileDocuments } from './schema';

/** Whether `file` is named like a run log. */
export function isRunLogFile(file: string): boolean {
  return path.extname(file).toLowerCase() === '.jsonl';
}

/** A .zip is read from its end (the central directory), never whole: its size only needs a sane cap. */
const MAX_BUNDLE_FILE_BYTES = 16 * 1024 ** 3;

/** The documents in one file: a bundle's, a run log's or a results file's. */
async function readAnyResults(file: string): Promise<ResultsDocument[]> {
  if (isRunLogFile(file)) return [await readRunLog(file)];
  const source = clip(path.basename(file), 60);
  let opened: Awaited<ReturnType<typeof openRegularFile>>;
  try {
    opened = await openRegularFile(file, { limit: MAX_BUNDLE_FILE_BYTES, source, noun: 'results file' });
  } catch (error) {
    // Said as the results reader says it (missing, a folder, too large...).
    if (error instanceof FileReadError) return readResultsFileDocuments(file);
    throw error;
  }
  const { handle } = opened;
  let kind: 'zip' | 'run-log' | 'results';
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const start = head.subarray(0, bytesRead);
    kind =
      looksLikeZip(start) || path.extname(file).toLowerCase() === '.zip'
        ? 'zip'
        : looksLikeRunLog(start.toString('utf8'))
          ? 'run-log'
          : 'results';
    if (kind === 'zip') return await readBundleResults(handle, source);
  } finally {
    await handle.close();
  }
  return kind === 'run-log' ? [await readRunLog(file)] : readResultsFileDocuments(file);
}

/** Every document of every file, and one sentence per file that cannot be used, naming it. */
export async function readResultsOrRunLogs(
  files: readonly string[],
): Promise<{ documents: ResultsDocument[]; problems: string[] }> {
  const documents: ResultsDocument[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      documents.push(...(await readAnyResults(file)));
    } catch (error) {
      if (!(error instanceof ResultsFileError)) throw error;
      problems.push(error.message);
    }
  }
  return { documents, problems };
}
