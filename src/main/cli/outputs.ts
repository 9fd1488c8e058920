import type { RunResult } from '../../shared/types';
import { resultsDocument, runDocument } from './documents';
import type { RunFlags } from './options';
import { checkTargets, writeOutputs, type OutputTargets } from './results-output';

export function targetsFrom(flags: RunFlags): OutputTargets {
  return { json: flags.json, markdown: flags.markdown, csv: flags.csv };
}

/** Before a run: clashing targets or a missing folder are refused while nothing has run yet. */
export async function checkRunOutputs(flags: RunFlags): Promise<void> {
  await checkTargets(targetsFrom(flags));
}

/**
 * Writes --json, --markdown and --csv for finished runs. One run's JSON has the run's fields at
 * the top level (a RunDocument, what scripts read); several runs make a results document.
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
  return writeOutputs(doc, targetsFrom(flags), {
    jsonBody: runs.length === 1 ? runDocument(first, appVersion) : undefined,
  });
}
