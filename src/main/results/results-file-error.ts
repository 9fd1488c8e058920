import { UserError } from '../user-error';

/**
 * The one error a results file can cause, worded for the person who picked the file. Callers show
 * `message` as it is; `reason` lets them decide what else to do (a newer version may deserve an
 * "update the app" hint) without parsing the sentence.
 */
export type ResultsFileProblem =
  | 'missing'
  | 'unreadable'
  | 'empty'
  | 'too-large'
  | 'truncated'
  | 'invalid-json'
  | 'not-results'
  | 'newer-version'
  | 'unknown-version'
  | 'invalid';

export class ResultsFileError extends UserError {
  override readonly name = 'ResultsFileError';

  constructor(
    message: string,
    readonly reason: ResultsFileProblem,
    /** The name the message used for the file (its base name, or "The file"). */
    readonly source: string,
  ) {
    super(message);
  }
}

/** The largest results file accepted: far above any real run, small enough to parse without trouble. */
export const MAX_RESULTS_FILE_BYTES = 50 * 1024 * 1024;

/** "100 MB", "50.1 MB": rounded up so a file just over the limit never reads as equal to it. */
export function formatMegabytes(bytes: number): string {
  return `${Math.ceil((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
