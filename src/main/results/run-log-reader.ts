/**
 * Reading a run log back (src/main/results/run-log.ts writes it): the finished runs as recorded,
 * and a run that a crash or a kill cut short, recovered from its errors and samples.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import type { ResultsDocument } from '../../shared/contract';
import { isMode, type Mode } from '../../shared/modes';
import { classifyOutcome, runOutcome, summarize } from '../../shared/outcome';
import type {
  ErrorRecord,
  Operation,
  RunResult,
  Sample,
  SessionConfig,
  SystemInfo,
} from '../../shared/types';
import { describeReadError } from './fs-messages';
import { ResultsFileError } from './results-file-error';
import { RUN_LOG_KIND } from './run-log';
import { APP_NAME, resultsDocument, sessionStatus } from './documents';
import { FileReadError, openRegularFile } from './read-bounded';
import { resultsDocumentSchema } from './schema';

export interface ReadRunLogOptions {
  /** The machine, when the log has no finished or begun run that names it. */
  machine?: SystemInfo;
  app?: ResultsDocument['app'];
  /** Errors kept per recovered run, the first ones (1,000); every one is still counted. */
  maxErrorsPerRun?: number;
}

interface OpenRun {
  mode: Mode;
  config: SessionConfig;
  system: SystemInfo;
  startedAt: string;
  errors: ErrorRecord[];
  errorCount: number;
  errorCounts: Record<string, number>;
  /** op and code of every distinct error, enough to classify the outcome as the engine would. */
  kinds: Map<string, { op: Operation; code: string }>;
  samples: Sample[];
  lastEpochMs: number | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Larger than any log a day-long flood writes; the reader streams it, keeping only what it needs. */
const RUN_LOG_MAX_BYTES = 8 * 1024 ** 3;
const RUN_LOG_MAX_LINE = 1024 * 1024;
/** As many as a results file may hold per run (schema.ts); later ones are not kept. */
const RUN_LOG_MAX_SAMPLES = 100_000;

/** Passes text through, failing when a line grows past RUN_LOG_MAX_LINE characters. */
function lineLengthGuard(source: string): Transform {
  let sinceNewline = 0;
  return new Transform({
    decodeStrings: false,
    transform(chunk: string, _encoding, done) {
      const last = chunk.lastIndexOf('\n');
      sinceNewline = last === -1 ? sinceNewline + chunk.length : chunk.length - last - 1;
      if (sinceNewline > RUN_LOG_MAX_LINE)
        done(
          new ResultsFileError(
            `${source} is not a run log: it has a line longer than 1 MB.`,
            'invalid',
            source,
          ),
        );
      else done(null, chunk);
    },
  });
}

/**
 * Rebuilds a results document from a run log: finished runs as they were recorded, and a run
 * that had begun but not finished (the program crashed or was killed) recovered from its errors
 * and samples, marked failed. A line cut short by the crash is skipped.
 */
export async function readRunLog(file: string, options: ReadRunLogOptions = {}): Promise<ResultsDocument> {
  const source = path.basename(file);
  const keep = options.maxErrorsPerRun ?? 1000;
  const runs: RunResult[] = [];
  let current: OpenRun | null = null;
  let ended = false;
  let sawHeader = false;
  // A regular file only (a FIFO would never end, /dev/zero never stop), and no line past 1 MB:
  // the log's own lines are a few hundred bytes, so a longer one is not a run log's.
  let opened: Awaited<ReturnType<typeof openRegularFile>>;
  try {
    opened = await openRegularFile(file, { limit: RUN_LOG_MAX_BYTES, source, noun: 'run log' });
  } catch (error) {
    if (error instanceof FileReadError) throw new ResultsFileError(error.message, 'unreadable', source);
    throw new ResultsFileError(describeReadError(error, source), 'unreadable', source);
  }
  const stream = opened.handle.createReadStream({ encoding: 'utf8' }).pipe(lineLengthGuard(source));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      let line: unknown;
      try {
        line = JSON.parse(text);
      } catch {
        continue;
      }
      if (!isObject(line)) continue;
      switch (line.type) {
        case 'open':
          sawHeader ||= line.kind === RUN_LOG_KIND;
          break;
        case 'begin':
          if (current) runs.push(recoverRun(current));
          current =
            isMode(line.mode) && isObject(line.config) && isObject(line.system) ? openRun(line) : null;
          break;
        case 'error':
          if (current && isObject(line.error)) addError(current, line.error as unknown as ErrorRecord, keep);
          break;
        case 'sample':
          if (current && isObject(line.sample) && current.samples.length < RUN_LOG_MAX_SAMPLES)
            current.samples.push(line.sample as unknown as Sample);
          break;
        case 'run':
          if (isObject(line.run)) runs.push(line.run as unknown as RunResult);
          current = null;
          break;
        case 'end':
          ended = true;
          break;
      }
    }
  } catch (error) {
    if (error instanceof ResultsFileError) throw error;
    throw new ResultsFileError(describeReadError(error, source), 'unreadable', source);
  } finally {
    // The stream closes it at its end; after a refusal part-way it is closed here.
    await opened.handle.close().catch(() => {});
  }
  if (!sawHeader)
    throw new ResultsFileError(`${source} is not a SocketCloseTest run log.`, 'not-results', source);
  if (current) runs.push(recoverRun(current));
  const machine = runs[0]?.system ?? options.machine;
  if (!machine) throw new ResultsFileError(`${source} holds no run to recover.`, 'empty', source);
  const lastEnded = Date.parse(runs[runs.length - 1]?.endedAt ?? '');
  const document = resultsDocument(
    runs,
    // A log without its closing line was cut short: a crash or a kill.
    sessionStatus(runs, false, !ended),
    machine,
    options.app ?? { name: APP_NAME, version: machine.appVersion },
    Number.isNaN(lastEnded) ? Date.now() : lastEnded,
  );
  // Whatever came from the log is checked like any results file, so a damaged line cannot slip through.
  const checked = resultsDocumentSchema.safeParse(document);
  if (!checked.success)
    throw new ResultsFileError(
      `${source} is damaged: its runs do not match the results format.`,
      'invalid',
      source,
    );
  return checked.data;
}

function openRun(line: Record<string, unknown>): OpenRun {
  return {
    mode: line.mode as Mode,
    config: line.config as unknown as SessionConfig,
    system: line.system as unknown as SystemInfo,
    startedAt: typeof line.startedAt === 'string' ? line.startedAt : '',
    errors: [],
    errorCount: 0,
    errorCounts: {},
    kinds: new Map(),
    samples: [],
    lastEpochMs: null,
  };
}

function addError(run: OpenRun, error: ErrorRecord, keep: number): void {
  run.errorCount++;
  run.errorCounts[error.code] = (run.errorCounts[error.code] ?? 0) + 1;
  const kind = `${error.op} ${error.code}`;
  if (!run.kinds.has(kind)) {
    run.kinds.set(kind, { op: error.op, code: error.code });
    // The first error of each kind is kept whatever the limit: the summary and the table name it.
    if (run.errors.length >= keep) run.errors.push(error);
  }
  if (run.errors.length < keep) run.errors.push(error);
  if (typeof error.epochMs === 'number') run.lastEpochMs = error.epochMs;
}

/** The failure of a run recovered from a run log: what marks it as cut short. */
export const RECOVERED_FAILURE =
  'SocketCloseTest stopped before this run ended; these results were recovered from its run log.';

function recoverRun(run: OpenRun): RunResult {
  const last = run.samples[run.samples.length - 1];
  const startMs = Date.parse(run.startedAt);
  const connections = last?.totalConnections ?? 0;
  const elapsedMs =
    last !== undefined
      ? last.t * 1000
      : run.lastEpochMs !== null && Number.isFinite(startMs)
        ? Math.max(0, run.lastEpochMs - startMs)
        : 0;
  const outcome = runOutcome(classifyOutcome([...run.kinds.values()]), connections);
  return {
    mode: run.mode,
    config: run.config,
    startedAt: run.startedAt,
    endedAt: last?.time ?? run.errors[run.errors.length - 1]?.time ?? run.startedAt,
    connections,
    elapsedMs,
    outcome,
    summary: summarize({
      outcome,
      connections,
      elapsedMs,
      errors: run.errors,
      errorCounts: run.errorCounts,
      ignoredReadErrors: 0,
    }),
    interrupted: false,
    stopReason: 'failed',
    failure: RECOVERED_FAILURE,
    errors: run.errors,
    errorsOmitted: run.errorCount - run.errors.length,
    errorCounts: run.errorCounts,
    ignoredReadErrors: 0,
    samples: run.samples,
    system: run.system,
  };
}
