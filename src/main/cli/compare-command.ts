/**
 * `socketclosetest compare a.zip b.json ...`: the results of several machines side by side, as
 * the README-style Markdown table with a column per file (or the whole report with --report).
 * A bad file stops it with one sentence per file and exit code 2, never a stack trace.
 */
import { reportMarkdown, resultsTableMarkdown } from '../results/markdown';
import { readResultsOrRunLogs } from '../results/results-or-run-logs';
import type { Io } from './terminal';

export const COMPARE_USAGE = `Usage: socketclosetest compare [--report] a.zip b.json ...

Prints the results table of the given files, a column per machine, in Markdown. Each may be a
diagnostics bundle (.zip) as the app saves it, a results file (.json), or a run log (.jsonl, which
a run that was killed leaves behind), read as the results it holds.
  --report     the whole report: the table, then each machine's facts and errors
  -h, --help   this text`;

/** Runs the command; answers the exit code (0 printed, 2 bad usage or a file that cannot be used). */
export async function runCompareCommand(
  argv: readonly string[],
  io: Pick<Io, 'stdout' | 'stderr'>,
): Promise<number> {
  let report = false;
  const files: string[] = [];
  let optionsEnded = false;
  for (const arg of argv) {
    if (!optionsEnded && arg === '--') optionsEnded = true;
    else if (!optionsEnded && (arg === '-h' || arg === '--help')) {
      io.stdout(COMPARE_USAGE);
      return 0;
    } else if (!optionsEnded && arg === '--report') report = true;
    else if (!optionsEnded && arg.startsWith('-') && arg !== '-') {
      io.stderr(`Unknown option "${arg}" for compare.\n${COMPARE_USAGE}`);
      return 2;
    } else files.push(arg);
  }
  if (files.length === 0) {
    io.stderr(`compare needs at least one results file.\n${COMPARE_USAGE}`);
    return 2;
  }
  const { documents, problems } = await readResultsOrRunLogs(files);
  if (problems.length > 0) {
    io.stderr(problems.join('\n'));
    return 2;
  }
  io.stdout(report ? reportMarkdown(documents).trimEnd() : resultsTableMarkdown(documents));
  return 0;
}
