import type { ResultsDocument } from '../../shared/contract';
import { runDocument } from '../results/documents';
import type { RunFlags } from './options';
import { writeOutputs, type OutputTargets } from './results-output';

export function targetsFrom(flags: RunFlags): OutputTargets {
  return { json: flags.json, markdown: flags.markdown, csv: flags.csv };
}

/**
 * Writes --json, --markdown and --csv. A single mode's JSON has the run's fields at the top level
 * (a RunDocument, what scripts read); "all" writes the results document.
 */
export async function writeRunOutputs(
  doc: ResultsDocument,
  flags: RunFlags,
  { single }: { single: boolean },
): Promise<string[]> {
  const [first] = doc.runs;
  return writeOutputs(doc, targetsFrom(flags), {
    jsonBody: single && first ? runDocument(first, doc.app.version) : undefined,
  });
}
