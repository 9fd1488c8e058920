/**
 * The command line's --json, --markdown and --csv: one results document written in the forms
 * asked for, each atomically, so an interrupted or failed write never leaves half a file.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ResultsDocument } from '../../shared/contract';
import { writeFileAtomic } from '../results/atomic-write';
import { errorsCsv, samplesCsv } from '../results/csv';
import { describeWriteError } from '../results/fs-messages';
import { reportMarkdown } from '../results/markdown';
import { UserError } from '../user-error';

export interface OutputTargets {
  json?: string;
  markdown?: string;
  /** The errors go here; the per-second samples beside it (see samplesPathFor). */
  csv?: string;
}

/** A file that could not be written, or targets that clash: the message is a sentence for a person. */
export class OutputError extends UserError {
  override readonly name = 'OutputError';
}

/** results.csv -> results-samples.csv; results -> results-samples.csv. */
export function samplesPathFor(csvPath: string): string {
  const ext = path.extname(csvPath);
  return `${ext ? csvPath.slice(0, -ext.length) : csvPath}-samples${ext || '.csv'}`;
}

function planned(targets: OutputTargets): [flag: string, file: string][] {
  const files: [string, string][] = [];
  if (targets.json) files.push(['--json', targets.json]);
  if (targets.markdown) files.push(['--markdown', targets.markdown]);
  if (targets.csv) files.push(['--csv', targets.csv], ['--csv (samples)', samplesPathFor(targets.csv)]);
  return files;
}

/**
 * Whether two paths name one file. Windows' file names ignore letter case (so do macOS's, on its
 * default file system): there, Result.json and result.JSON are one file, and the second write
 * would silently replace the first.
 */
function sameFileName(a: string, b: string): boolean {
  const [first, second] = [path.resolve(a), path.resolve(b)];
  if (process.platform === 'win32' || process.platform === 'darwin')
    return first.toLowerCase() === second.toLowerCase();
  return first === second;
}

/**
 * Refuses targets that clash or whose folder is missing. The command line calls it before a run
 * starts, so a typo costs nothing, and again before writing.
 */
export async function checkTargets(targets: OutputTargets): Promise<[flag: string, file: string][]> {
  const files = planned(targets);
  for (let i = 0; i < files.length; i++)
    for (let j = i + 1; j < files.length; j++)
      if (sameFileName(files[i]![1], files[j]![1]))
        throw new OutputError(
          `${files[i]![0]} and ${files[j]![0]} would both write ${files[i]![1]}: choose different files.`,
        );
  // A missing folder is found before anything is written, so a typo leaves no partial set behind.
  for (const [, file] of files) {
    const folder = path.dirname(path.resolve(file));
    const info = await stat(folder).catch(() => null);
    if (!info?.isDirectory())
      throw new OutputError(`Could not save ${file}: the folder ${folder} does not exist.`);
  }
  return files;
}

/**
 * Writes the document in each form asked for and answers the paths written, in order. Targets
 * that name the same file are refused before anything is written. `jsonBody` replaces the
 * document in the JSON file (a single run is written as its RunDocument).
 */
export async function writeOutputs(
  doc: ResultsDocument,
  targets: OutputTargets,
  { jsonBody }: { jsonBody?: object } = {},
): Promise<string[]> {
  const files = await checkTargets(targets);
  const written: string[] = [];
  for (const [flag, file] of files) {
    const text =
      flag === '--json'
        ? `${JSON.stringify(jsonBody ?? doc, null, 2)}\n`
        : flag === '--markdown'
          ? reportMarkdown([doc])
          : flag === '--csv'
            ? errorsCsv(doc)
            : samplesCsv(doc);
    try {
      await writeFileAtomic(file, text);
    } catch (error) {
      throw new OutputError(describeWriteError(error, file));
    }
    written.push(file);
  }
  return written;
}
