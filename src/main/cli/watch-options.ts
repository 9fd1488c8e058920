/**
 * The flags of `socketclosetest watch`, parsed strictly: every wrong one is a sentence and exit
 * code 2, before anything is watched.
 */
import { parseArgs } from 'node:util';
import { clip } from '../results/clip';
import { UserError } from '../user-error';

export const WATCH_USAGE = `Usage: socketclosetest watch [--interval S] [--json FILE] [--csv FILE] [--once]

Watches every TCP connection of this computer: per destination, the ephemeral ports held
toward it against what it can hold, new connections a second and how long until connects to
it fail; per program, its connections and a likely CLOSE_WAIT leak. Ctrl-C stops it.
  --interval S   seconds between polls (default 1, at least 0.25)
  --json FILE    each poll as one JSON line, added to FILE as it comes (FILE is started afresh);
                 "-": to standard output, the text then to standard error. The format is in
                 docs/watch-format.md
  --csv FILE     each poll as CSV rows, a row per destination and per program, likewise
  --once         poll once, print it and end
Exit codes: 0 done (--once, or the reader of "-" closed it), 2 bad usage, a file that could not
be written, or a table that could not be read (--once); 130 Ctrl-C, 129 the terminal closed,
143 SIGTERM. The files hold every poll up to the end.`;

/** The seconds between polls allowed: the Watcher's minimum, and an hour. */
export const MIN_INTERVAL_SEC = 0.25;
export const MAX_INTERVAL_SEC = 3600;

export interface WatchFlags {
  intervalMs: number;
  /** A file, "-" for standard output, or null. */
  json: string | null;
  csv: string | null;
  once: boolean;
  help: boolean;
}

/** Bad usage of watch: the sentence, then where its options are; exit code 2. */
export class WatchUsageError extends UserError {
  override name = 'WatchUsageError';
  constructor(message: string) {
    super(message, { hint: 'Run "socketclosetest watch --help" for the options.' });
  }
}

/** The flags, strictly: an unknown flag, a missing value or a stray word is a sentence. */
export function parseWatchFlags(argv: readonly string[]): WatchFlags {
  let values: { interval?: string; json?: string; csv?: string; once?: boolean; help?: boolean };
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        interval: { type: 'string', short: 'i' },
        json: { type: 'string' },
        csv: { type: 'string' },
        once: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (parsed.positionals.length > 0)
      throw new WatchUsageError(`Unexpected argument "${clip(parsed.positionals[0]!)}".`);
    values = parsed.values;
  } catch (error) {
    if (error instanceof WatchUsageError) throw error;
    const e = error as Error & { code?: string };
    const option = /'(?:-\w, )?(--?[\w-]+)/.exec(e.message)?.[1];
    // Node's own text talks of ambiguity when the value starts with a dash (--interval -1).
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option)
      throw new WatchUsageError(`${option} needs a value.`);
    throw new WatchUsageError(e.message.replace(/\. To specify a positional.*$/s, '.'));
  }
  for (const flag of ['json', 'csv'] as const) {
    if (values[flag] === '') throw new WatchUsageError(`--${flag} needs a file name (or "-").`);
  }
  if (values.json === '-' && values.csv === '-')
    throw new WatchUsageError('--json and --csv cannot both write to standard output: give one a file.');
  return {
    intervalMs: parseInterval(values.interval),
    json: values.json ?? null,
    csv: values.csv ?? null,
    once: values.once ?? false,
    help: values.help ?? false,
  };
}

/** Seconds, a decimal allowed, from 0.25 to an hour; answered in milliseconds. */
export function parseInterval(raw: string | undefined): number {
  if (raw === undefined) return 1000;
  const text = raw.trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text))
    throw new WatchUsageError(`--interval takes a number of seconds, e.g. 1 or 0.5 (got "${clip(raw)}").`);
  const seconds = Number(text);
  if (seconds < MIN_INTERVAL_SEC)
    throw new WatchUsageError(
      `--interval must be at least ${MIN_INTERVAL_SEC} seconds (got "${clip(raw)}").`,
    );
  if (seconds > MAX_INTERVAL_SEC)
    throw new WatchUsageError(
      `--interval must be at most ${MAX_INTERVAL_SEC} seconds, an hour (got "${clip(raw)}").`,
    );
  return Math.round(seconds * 1000);
}
