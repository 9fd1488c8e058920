/**
 * The results file format, checked on the way in. Files come from other machines, older and newer
 * versions, half-finished downloads and hand edits: anything that is not exactly a ResultsDocument
 * is refused with one sentence naming the file and the problem, and nothing else changes.
 * One file on purpose, although it is long: it is the format's reference, read top to bottom.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ResultsDocument, RunDocument } from '../../shared/contract';
import { MODES } from '../../shared/modes';
import { TCP_STATES } from '../../shared/types';
import { describeReadError, fsErrorCode } from './fs-messages';
import { MAX_RESULTS_FILE_BYTES, ResultsFileError, formatMegabytes } from './results-file-error';

export { MAX_RESULTS_FILE_BYTES, ResultsFileError } from './results-file-error';
export type { ResultsFileProblem } from './results-file-error';

export const RESULTS_KIND = 'socketclosetest-results';
/** One run on its own, as the command line writes it with --json. */
export const RUN_KIND = 'socketclosetest-run';
export const RESULTS_SCHEMA_VERSION = 1;

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
  outcome: z.enum(['ok', 'exhausted', 'reset', 'error']),
  summary: z.string(),
  interrupted: z.boolean(),
  stopReason: z.enum(['duration', 'connection-limit', 'max-errors', 'stopped', 'failed']),
  failure: z.string().nullable(),
  errors: z.array(errorRecordSchema),
  errorsOmitted: count,
  errorCounts: z.record(recordKey, count),
  ignoredReadErrors: count,
  samples: z.array(sampleSchema),
  system: systemInfoSchema,
});

export const resultsDocumentSchema = z.object({
  kind: z.literal(RESULTS_KIND),
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  machine: systemInfoSchema,
  status: z.enum(['complete', 'stopped', 'failed']),
  runs: z.array(runResultSchema),
});

export const runDocumentSchema = runResultSchema.extend({
  kind: z.literal(RUN_KIND),
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
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
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
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
    case 'too_small':
    case 'too_big':
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

function jsonProblem(text: string, error: unknown, source: string): ResultsFileError {
  const message = error instanceof Error ? error.message : '';
  const at = /position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : text.length;
  const atEnd = /end of (JSON|data)/i.test(message) || position >= text.trimEnd().length;
  return atEnd
    ? new ResultsFileError(
        `${source} is cut short (invalid JSON at position ${position}): it may not have been copied completely.`,
        'truncated',
        source,
      )
    : new ResultsFileError(`${source} is not valid JSON (at position ${position}).`, 'invalid-json', source);
}

/**
 * Parses and checks a results document (or a single-run file, returned as a document of one run).
 * `source` names the file in messages ("results.json"); without it the message says "The file".
 */
export function parseResultsDocument(text: string, source = 'The file'): ResultsDocument {
  if (text.length > MAX_RESULTS_FILE_BYTES)
    throw new ResultsFileError(
      `${source} is too large (${formatMegabytes(text.length)}; the limit is ${formatMegabytes(MAX_RESULTS_FILE_BYTES)}).`,
      'too-large',
      source,
    );
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new ResultsFileError(`${source} is empty.`, 'empty', source);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw jsonProblem(body, error, source);
  }
  const kind =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as { kind?: unknown }).kind
      : null;
  if (kind !== RESULTS_KIND && kind !== RUN_KIND)
    throw new ResultsFileError(`${source} is not a SocketCloseTest results file.`, 'not-results', source);
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
    kind === RUN_KIND ? runDocumentSchema.safeParse(data) : resultsDocumentSchema.safeParse(data);
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
  return 'runs' in parsed.data ? parsed.data : resultsFromRunDocument(parsed.data);
}

/**
 * Reads and checks a results file. The size is checked before reading, so a huge file is refused
 * without loading it; the message names the file by its base name.
 */
export async function readResultsFile(file: string): Promise<ResultsDocument> {
  const source = path.basename(file);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new ResultsFileError(
      describeReadError(error, source),
      fsErrorCode(error) === 'ENOENT' ? 'missing' : 'unreadable',
      source,
    );
  }
  let text: string;
  try {
    const info = await handle.stat();
    if (info.isDirectory())
      throw new ResultsFileError(`${source} is a folder, not a results file.`, 'not-results', source);
    if (info.size > MAX_RESULTS_FILE_BYTES)
      throw new ResultsFileError(
        `${source} is too large (${formatMegabytes(info.size)}; the limit is ${formatMegabytes(MAX_RESULTS_FILE_BYTES)}).`,
        'too-large',
        source,
      );
    text = await handle.readFile({ encoding: 'utf8' });
  } catch (error) {
    if (error instanceof ResultsFileError) throw error;
    throw new ResultsFileError(describeReadError(error, source), 'unreadable', source);
  } finally {
    await handle.close();
  }
  return parseResultsDocument(text, source);
}

/**
 * Reads several results files, for compare and import: every readable document, and a sentence
 * for each file that is not (the caller decides whether one bad file spoils the set).
 */
export async function readResultsFiles(
  files: readonly string[],
): Promise<{ documents: ResultsDocument[]; problems: string[] }> {
  const documents: ResultsDocument[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      documents.push(await readResultsFile(file));
    } catch (error) {
      if (!(error instanceof ResultsFileError)) throw error;
      problems.push(error.message);
    }
  }
  return { documents, problems };
}
