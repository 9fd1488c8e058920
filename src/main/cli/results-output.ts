/**
 * The command line's --json, --markdown and --csv: one results document written in the forms
 * asked for, each atomically, so an interrupted or failed write never leaves half a file, and
 * each on its own, so a full disk that refuses the JSON still gets the smaller Markdown and CSV.
 */
import { open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ResultsDocument } from '../../shared/contract';
import { tempPathFor, writeFileAtomic } from '../results/atomic-write';
import { errorsCsv, samplesCsv } from '../results/csv';
import { describeWriteError } from '../results/fs-messages';
import { reportMarkdown } from '../results/markdown';
import { UserError } from '../user-error';

export interface OutputTargets {
  json?: string;
  markdown?: string;
  /** The errors go here; the per-second samples beside it (see samplesPathFor). */
  csv?: string;
  /** Checked with the others; the session writes it (see runOnTerminal). */
  runLog?: string;
}

/**
 * Files that could not be written, or targets that clash: the message is a sentence per file for
 * a person; `written` names the files that were written all the same.
 */
export class OutputError extends UserError {
  override readonly name = 'OutputError';
  readonly written: string[];

  constructor(message: string, written: string[] = []) {
    super(message);
    this.written = written;
  }
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
  if (targets.runLog) files.push(['--run-log', targets.runLog]);
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

function refuseClashes(files: [flag: string, file: string][]): void {
  for (let i = 0; i < files.length; i++)
    for (let j = i + 1; j < files.length; j++)
      if (sameFileName(files[i]![1], files[j]![1]))
        throw new OutputError(
          `${files[i]![0]} and ${files[j]![0]} would both write ${files[i]![1]}: choose different files.`,
        );
}

const endsWithSeparator = (file: string): boolean =>
  file.endsWith('/') || (process.platform === 'win32' && file.endsWith('\\'));

/**
 * Why `file` cannot be written, in one sentence, or null when it can: a folder in its place, a
 * missing folder, a folder that refuses a new file (read-only, no permission). The last is tried
 * with the same kind of temporary file the write makes, since permission bits do not tell
 * (root, Windows' access lists, a read-only disk).
 */
async function problemWith(file: string): Promise<string | null> {
  if (endsWithSeparator(file)) return `Could not save ${file}: it names a folder; give a file name.`;
  const target = path.resolve(file);
  if ((await stat(target).catch(() => null))?.isDirectory()) return `Could not save ${file}: it is a folder.`;
  const folder = path.dirname(target);
  try {
    if (!(await stat(folder)).isDirectory())
      return `Could not save ${file}: ${folder} is a file, not a folder.`;
  } catch (error) {
    return describeWriteError(error, file);
  }
  const probe = tempPathFor(target);
  try {
    await (await open(probe, 'wx')).close();
    await unlink(probe);
  } catch (error) {
    return describeWriteError(error, file);
  }
  return null;
}

/**
 * Refuses targets that clash or cannot be written, naming every one. The command line calls it
 * before a run starts, so a typo or a read-only folder costs nothing.
 */
export async function checkTargets(targets: OutputTargets): Promise<[flag: string, file: string][]> {
  const files = planned(targets);
  refuseClashes(files);
  const problems: string[] = [];
  for (const [, file] of files) {
    const problem = await problemWith(file);
    if (problem) problems.push(problem);
  }
  if (problems.length) throw new OutputError(problems.join('\n'));
  return files;
}

/**
 * Writes the document in each form asked for and answers the paths written, in order. Targets
 * that name the same file are refused before anything is written; otherwise each form is tried
 * on its own, and an OutputError after the last names every one that failed (and those written).
 * `jsonBody` replaces the document in the JSON file (a single run is written as its RunDocument).
 */
export async function writeOutputs(
  doc: ResultsDocument,
  targets: OutputTargets,
  { jsonBody }: { jsonBody?: object } = {},
): Promise<string[]> {
  const files = planned(targets);
  refuseClashes(files);
  const written: string[] = [];
  const failures: string[] = [];
  for (const [flag, file] of files) {
    if (flag === '--run-log') continue;
    const problem = await problemWith(file);
    if (problem) {
      failures.push(problem);
      continue;
    }
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
      written.push(file);
    } catch (error) {
      failures.push(describeWriteError(error, file));
    }
  }
  if (failures.length) throw new OutputError(failures.join('\n'), written);
  return written;
}
