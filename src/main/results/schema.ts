/**
 * The results file format, checked on the way in. Files come from other machines, older and newer
 * versions, half-finished downloads and hand edits: anything that is not exactly a ResultsDocument
 * is refused with one sentence naming the file and the problem, and nothing else changes.
 * One file on purpose, although it is long: it is the format's reference, read top to bottom.
 */
import path from 'node:path';
import { z } from 'zod';
import type { ComparisonDocument, ResultsDocument, RunDocument } from '../../shared/contract';
import { MODES } from '../../shared/modes';
import { TCP_STATES } from '../../shared/types';
import { clip } from './clip';
import { describeNotResults } from './file-kind';
import { lineAndColumn, scanJson, type JsonLimits } from './json-scan';
import { FileReadError, decodeText, readBounded } from './read-bounded';
import { MAX_RESULTS_FILE_BYTES, ResultsFileError, formatMegabytes } from './results-file-error';

export { MAX_RESULTS_FILE_BYTES, ResultsFileError } from './results-file-error';
export type { ResultsFileProblem } from './results-file-error';

export const RESULTS_KIND = 'socketclosetest-results';
/** One run on its own, as the command line writes it with --json. */
export const RUN_KIND = 'socketclosetest-run';
/** Several machines' results in one file, as the window exports them with imported results shown. */
export const COMPARISON_KIND = 'socketclosetest-comparison';
export const RESULTS_SCHEMA_VERSION = 1;

/**
 * The most a file may hold, far above any real run: a run keeps at most 1,100 error records (the
 * run log has the rest), samples one a second for at most a day, and meets a handful of the few
 * dozen error codes there are. Without caps, a file of five million error codes took 30 s
 * and 1.5 GB to refuse.
 */
export const RESULTS_LIMITS = {
  runs: 1_000,
  errors: 100_000,
  samples: 100_000,
  errorCodes: 100,
  /** Machines in one comparison: this machine and the most the window imports (50). */
  documents: 100,
} as const;

/**
 * The shape of any JSON accepted at all, checked before parsing so that parsing is bounded too:
 * above every cap of the schema, so the schema's own sentence names a list that is merely too long.
 * V8 parses objects of up to about 127 names quickly; 44 MB of objects of 128 names took 1.4 s,
 * of 1,000 names 5 s and 500 MB, against 0.4 s for 120.
 */
const JSON_LIMITS: JsonLimits = { names: 120, items: 200_000, depth: 32 };

const count = z.number().int().nonnegative();
const port = z.number().int().min(0).max(65535);
const finite = z.number().finite();

/** Keys an object may never carry, whatever the schema allows, so a file cannot reach a prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const recordKey = z
  .string()
  .min(1)
  .max(100)
  .refine((key) => !FORBIDDEN_KEYS.has(key), { message: 'is not allowed as a name' });

const winsockSchema = z.object({ name: z.string(), number: z.number().int() });

const errorRecordSchema = z.object({
  time: z.string(),
  epochMs: finite,
  side: z.enum(['client', 'server']),
  op: z.enum(['connect', 'read', 'accept', 'close', 'write']),
  code: z.string(),
  errno: z.number().int().nullable(),
  winsock: winsockSchema.nullable(),
  localPort: port.nullable(),
  peerPort: port.nullable(),
  connection: count,
  message: z.string(),
  // Recorded since the error log files errors by their own run; older files have none.
  mode: z.enum(MODES).optional(),
});

const halfCountsSchema = z.object({
  total: count,
  byState: z.record(z.enum(TCP_STATES), count),
});

const netstatCountsSchema = z.object({
  server: halfCountsSchema,
  client: halfCountsSchema,
  ephemeralHeld: count.nullable(),
  ephemeralSize: count.nullable(),
  pollMs: finite,
  source: z.string(),
});

const sampleSchema = z.object({
  t: finite,
  // Absent in files written before it was recorded: their samples are whole seconds.
  seconds: finite.positive().optional(),
  time: z.string(),
  connects: count,
  totalConnections: count,
  errors: count,
  netstat: netstatCountsSchema.nullable(),
});

function factSchema<T extends z.ZodType>(value: T) {
  return z.object({ value: value.nullable(), source: z.string(), error: z.string().optional() });
}

const portRangeSchema = z.object({ start: port, end: port, count });

const exhaustionEventsSchema = z.object({
  available: z.boolean(),
  events: z
    .array(
      z.object({ id: z.union([z.literal(4227), z.literal(4231)]), time: z.string(), message: z.string() }),
    )
    .max(20),
  note: z.string().nullable(),
  source: z.string(),
});

const systemInfoSchema = z.object({
  platform: z.string(),
  release: z.string(),
  osName: z.string(),
  hostname: z.string(),
  arch: z.string(),
  cpus: count,
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
  appVersion: z.string(),
  ephemeralRange: factSchema(portRangeSchema).optional(),
  excludedRanges: factSchema(z.array(portRangeSchema)).optional(),
  timeWaitDelay: factSchema(z.string()).optional(),
  twReuse: factSchema(z.number()).optional(),
  emulation: z.string().nullable().optional(),
  // Absent in files from other systems and from before Windows' events were read.
  exhaustionEvents: exhaustionEventsSchema.optional(),
});

const sessionConfigSchema = z.object({
  mode: z.enum(MODES),
  host: z.string(),
  port,
  durationSec: finite.nonnegative(),
  connectionLimit: count.nullable(),
  maxErrors: count,
  force: z.boolean(),
});

const runResultSchema = z.object({
  mode: z.enum(MODES),
  config: sessionConfigSchema,
  startedAt: z.string(),
  endedAt: z.string(),
  connections: count,
  elapsedMs: finite.nonnegative(),
  outcome: z.enum(['ok', 'no-connections', 'exhausted', 'reset', 'error']),
  summary: z.string(),
  interrupted: z.boolean(),
  stopReason: z.enum(['duration', 'connection-limit', 'max-errors', 'stopped', 'failed']),
  failure: z.string().nullable(),
  errors: z.array(errorRecordSchema).max(RESULTS_LIMITS.errors),
  errorsOmitted: count,
  errorCounts: z
    .record(recordKey, count)
    .refine((counts) => Object.keys(counts).length <= RESULTS_LIMITS.errorCodes, {
      message: `has more than ${RESULTS_LIMITS.errorCodes.toLocaleString('en-US')} error codes`,
    }),
  ignoredReadErrors: count,
  samples: z.array(sampleSchema).max(RESULTS_LIMITS.samples),
  system: systemInfoSchema,
});

export const resultsDocumentSchema = z.object({
  kind: z.literal(RESULTS_KIND),
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  machine: systemInfoSchema,
  status: z.enum(['complete', 'stopped', 'failed']),
  runs: z.array(runResultSchema).max(RESULTS_LIMITS.runs),
});

export const runDocumentSchema = runResultSchema.extend({
  kind: z.literal(RUN_KIND),
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
});

export const comparisonDocumentSchema = z.object({
  kind: z.literal(COMPARISON_KIND),
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  documents: z.array(resultsDocumentSchema).min(1).max(RESULTS_LIMITS.documents),
});

// The schema and the contract must describe the same thing: if either changes alone, this fails to
// compile. Mutual assignability alone would let an optional field go missing, so identity is checked too.
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Parsed = z.infer<typeof resultsDocumentSchema>;
const schemaMatchesContract: [
  MutuallyAssignable<Parsed, ResultsDocument>,
  Identical<Parsed, ResultsDocument>,
] = [true, true];
void schemaMatchesContract;
type ParsedRun = z.infer<typeof runDocumentSchema>;
const runSchemaMatchesContract: [
  MutuallyAssignable<ParsedRun, RunDocument>,
  Identical<ParsedRun, RunDocument>,
] = [true, true];
void runSchemaMatchesContract;
type ParsedComparison = z.infer<typeof comparisonDocumentSchema>;
const comparisonSchemaMatchesContract: [
  MutuallyAssignable<ParsedComparison, ComparisonDocument>,
  Identical<ParsedComparison, ComparisonDocument>,
] = [true, true];
void comparisonSchemaMatchesContract;

/** A single-run file as a results document of one run, so every reader handles both alike. */
export function resultsFromRunDocument(doc: RunDocument): ResultsDocument {
  const { kind: _kind, schemaVersion: _version, createdAt, app, ...run } = doc;
  return {
    kind: RESULTS_KIND,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    createdAt,
    app,
    machine: run.system,
    status: run.stopReason === 'failed' ? 'failed' : run.interrupted ? 'stopped' : 'complete',
    runs: [run],
  };
}

function describePath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    // A name from the file may be megabytes long.
    const name = clip(String(s), 32);
    out += typeof s === 'number' ? `[${s}]` : out ? `.${name}` : name;
  }
  return out || 'the document';
}

function valueAt(data: unknown, segments: readonly PropertyKey[]): unknown {
  let here = data;
  for (const s of segments) {
    if (typeof here !== 'object' || here === null || !Object.hasOwn(here, s)) return undefined;
    here = (here as Record<PropertyKey, unknown>)[s];
  }
  return here;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const where = describePath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(data, issue.path) === undefined
        ? `${where} is missing`
        : `${where} should be ${issue.expected === 'array' ? 'a list' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`}`;
    case 'invalid_value':
      return `${where} should be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      if (issue.origin === 'array')
        return `${where} has more than ${Number(issue.maximum).toLocaleString('en-US')} entries`;
      return `${where} is out of range`;
    case 'too_small':
      return `${where} is out of range`;
    case 'invalid_key':
      return `${where} has a name that is not allowed`;
    case 'custom':
      return `${where} ${issue.message}`;
    default:
      return `${where} is not valid`;
  }
}

function describeVersion(version: unknown): string {
  if (version === undefined) return 'none';
  const text = JSON.stringify(version);
  return text.length <= 20 ? text : 'not a number';
}

/**
 * Why the text is not usable JSON, with the line and column an editor shows, or null when it is.
 * The scan runs first, so V8 only parses text already known to be well-formed and within limits.
 */
function jsonProblem(text: string, source: string): ResultsFileError | null {
  const problem = scanJson(text, JSON_LIMITS);
  if (problem === null) return null;
  const { line, column } = lineAndColumn(text, problem.position);
  const at = `line ${line}, column ${column}`;
  switch (problem.kind) {
    case 'end':
      return new ResultsFileError(
        `${source} is cut short (the JSON ends early, at ${at}): it may not have been copied completely.`,
        'truncated',
        source,
      );
    case 'unexpected':
      return new ResultsFileError(
        `${source} is not valid JSON: ${JSON.stringify(clip(tokenAt(text, problem.position), 20))} at ${at} cannot be there.`,
        'invalid-json',
        source,
      );
    case 'names':
      return new ResultsFileError(
        `${source} is damaged: ${describePath(problem.path)} has more than ${JSON_LIMITS.names.toLocaleString('en-US')} names.`,
        'invalid',
        source,
      );
    case 'items':
      return new ResultsFileError(
        `${source} is damaged: ${describePath(problem.path)} has more than ${JSON_LIMITS.items.toLocaleString('en-US')} entries.`,
        'invalid',
        source,
      );
    case 'depth':
      return new ResultsFileError(
        `${source} is damaged: it is nested more than ${JSON_LIMITS.depth} levels deep (at ${at}).`,
        'invalid',
        source,
      );
  }
}

/** The word or character at a position, to quote in a message. */
function tokenAt(text: string, position: number): string {
  const word = /[A-Za-z0-9_+.-]+/y;
  word.lastIndex = position;
  return word.exec(text)?.[0] ?? String.fromCodePoint(text.codePointAt(position)!);
}

/**
 * Parses and checks a results document (or a single-run file, returned as a document of one run).
 * `source` names the file in messages ("results.json"); without it the message says "The file".
 * A comparison of several machines is refused here: parseResultsDocuments reads it.
 */
export function parseResultsDocument(text: string, source = 'The file'): ResultsDocument {
  const documents = parseResultsDocuments(text, source);
  if (documents.length !== 1)
    throw new ResultsFileError(
      `${source} holds the results of ${documents.length} machines, where one was expected.`,
      'not-results',
      source,
    );
  return documents[0]!;
}

/**
 * Parses and checks a results file of any kind the app writes: a results document, a single-run
 * file or a comparison of several machines; answers its documents, in the file's order.
 */
export function parseResultsDocuments(text: string, source = 'The file'): ResultsDocument[] {
  if (text.length > MAX_RESULTS_FILE_BYTES)
    throw new ResultsFileError(
      `${source} is too large (${formatMegabytes(text.length)}; the limit is ${formatMegabytes(MAX_RESULTS_FILE_BYTES)}).`,
      'too-large',
      source,
    );
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new ResultsFileError(`${source} is empty.`, 'empty', source);
  const what = describeNotResults(body);
  if (what !== null) throw notResults(source, what);
  const problem = jsonProblem(body, source);
  if (problem) throw problem;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    // Only if the scan and V8 disagree. Node 20 names no position for a bad token, newer versions
    // end with "at position N" (or "(line L column C)"): use it when there is one.
    const message = error instanceof Error ? error.message : '';
    const at = /at position (\d+)/.exec(message);
    const where = at
      ? (({ line, column }) => ` at line ${line}, column ${column}`)(lineAndColumn(body, Number(at[1])))
      : '';
    throw new ResultsFileError(`${source} is not valid JSON${where}.`, 'invalid-json', source);
  }
  const kind =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as { kind?: unknown }).kind
      : null;
  if (kind !== RESULTS_KIND && kind !== RUN_KIND && kind !== COMPARISON_KIND)
    throw notResults(source, describeOtherJson(data));
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > RESULTS_SCHEMA_VERSION)
    throw new ResultsFileError(
      `${source} was written by a newer version (schema ${version}): update SocketCloseTest to open it.`,
      'newer-version',
      source,
    );
  if (version !== RESULTS_SCHEMA_VERSION)
    throw new ResultsFileError(
      `${source} has an unknown schema version (${describeVersion(version)}).`,
      'unknown-version',
      source,
    );
  const parsed =
    kind === RUN_KIND
      ? runDocumentSchema.safeParse(data)
      : kind === COMPARISON_KIND
        ? comparisonDocumentSchema.safeParse(data)
        : resultsDocumentSchema.safeParse(data);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const more =
      rest.length === 0 ? '' : ` (and ${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'})`;
    throw new ResultsFileError(
      `${source} is damaged: ${first ? describeIssue(first, data) : 'it does not match the results format'}${more}.`,
      'invalid',
      source,
    );
  }
  const doc = parsed.data;
  if ('documents' in doc) return doc.documents;
  return ['runs' in doc ? doc : resultsFromRunDocument(doc)];
}

function notResults(source: string, what: string | null): ResultsFileError {
  return new ResultsFileError(
    `${source} is not a SocketCloseTest results file${what ? `: ${what}` : ''}.`,
    'not-results',
    source,
  );
}

/** What a JSON file that is not results holds, when it is recognisable. */
function describeOtherJson(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  if (Object.hasOwn(data, 'hostname') && Object.hasOwn(data, 'platform'))
    return "it holds a machine's facts (machine-facts.json of a diagnostics bundle): import the .zip itself or its results.json";
  return null;
}

/**
 * Reads and checks a results file. Only a regular file is opened, and no more than the limit is
 * read; the message names the file by its base name.
 */
export async function readResultsFile(file: string): Promise<ResultsDocument> {
  return parseResultsDocument(await readResultsText(file), clip(path.basename(file), 60));
}

/** Every document of a results file (a comparison holds several), read as readResultsFile reads. */
export async function readResultsFileDocuments(file: string): Promise<ResultsDocument[]> {
  return parseResultsDocuments(await readResultsText(file), clip(path.basename(file), 60));
}

async function readResultsText(file: string): Promise<string> {
  const source = clip(path.basename(file), 60);
  let bytes: Buffer;
  try {
    bytes = await readBounded(file, { limit: MAX_RESULTS_FILE_BYTES, source, noun: 'results file' });
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new ResultsFileError(error.message, RESULTS_READ_PROBLEMS[error.reason], source);
  }
  return decodeText(bytes);
}

const RESULTS_READ_PROBLEMS: Record<FileReadError['reason'], ResultsFileError['reason']> = {
  missing: 'missing',
  unreadable: 'unreadable',
  folder: 'not-results',
  'not-a-file': 'not-results',
  'too-large': 'too-large',
};
