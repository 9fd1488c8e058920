import type { RunResult } from '../../shared/types';
import { writeFileAtomic } from '../results/atomic-write';
import { reportMarkdown } from '../results/markdown';
import { errorsCsv, samplesCsv } from '../results/csv';
import { resultsDocument, runDocument } from './documents';
import type { RunFlags } from './options';
import { extname } from 'node:path';

/** The samples file beside the errors CSV: errors.csv -> errors-samples.csv. */
export function samplesPathFor(csvPath: string): string {
  const ext = extname(csvPath);
  return `${ext ? csvPath.slice(0, -ext.length) : csvPath}-samples${ext || '.csv'}`;
}

/**
 * Writes --json, --markdown and --csv for finished runs (atomically: a failure midway never
 * leaves half a file). One run's JSON has the run's fields at the top level; several runs make a
 * results document. Answers the paths written.
 */
export async function writeRunOutputs(
  runs: RunResult[],
  flags: RunFlags,
  appVersion: string,
): Promise<string[]> {
  const [first] = runs;
  if (!first) return [];
  const status = runs.some((r) => r.interrupted)
    ? 'stopped'
    : runs.some((r) => r.stopReason === 'failed')
      ? 'failed'
      : 'complete';
  const doc = resultsDocument(runs, first.system, appVersion, status);
  const written: string[] = [];
  if (flags.json) {
    const body = runs.length === 1 ? runDocument(first, appVersion) : doc;
    await writeFileAtomic(flags.json, `${JSON.stringify(body, null, 2)}\n`);
    written.push(flags.json);
  }
  if (flags.markdown) {
    await writeFileAtomic(flags.markdown, reportMarkdown([doc]));
    written.push(flags.markdown);
  }
  if (flags.csv) {
    const samples = samplesPathFor(flags.csv);
    await writeFileAtomic(flags.csv, errorsCsv(doc));
    await writeFileAtomic(samples, samplesCsv(doc));
    written.push(flags.csv, samples);
  }
  return written;
}
