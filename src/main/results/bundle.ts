/**
 * The diagnostics bundle: the one file a non-developer sends back. A .zip holding the results in
 * every form (JSON to re-import, Markdown to read, CSV for a spreadsheet), the machine facts and
 * the app's logs, named after the machine and the date so a folder of them sorts itself.
 *
 * Made with yazl: it streams entries (a run log can be hundreds of MB) straight into the atomic
 * writer, so a failed or killed bundle never leaves a half .zip behind.
 */
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { ResultsDocument } from '../../shared/contract';
import type { Mode } from '../../shared/modes';
import type { SystemInfo } from '../../shared/types';
import type { ExhaustionEvents, WatchPoll } from '../../shared/watch';
import { writeFileAtomic } from './atomic-write';
import { errorsCsv, samplesCsv } from './csv';
import { machineLabel } from '../../shared/machine-label';
import { reportMarkdown } from './markdown';
import { guidanceReadme } from './guidance-text';
import { EXHAUSTION_LABEL, exhaustionEventLines, exhaustionSummary } from './exhaustion-text';
import { watchSummaryText } from '../watch/watch-summary';

export interface BundleContents {
  /** The results to include: this machine's first; any further ones (imported, say) after it. */
  documents: ResultsDocument[];
  /** Log files to include under logs/ (current and rotated); missing ones are skipped. */
  logFiles: string[];
  /** More files at the top of the bundle, by name (letters, digits, dots, dashes, underscores). */
  extra?: Record<string, string>;
  /** The machine facts when there are no documents (a bundle of logs only). */
  machine?: SystemInfo;
  /** The saved sessions this machine's results come from, which the README names with their runs. */
  sources?: BundleSource[];
  /** The newest poll of "This computer" when it is being watched: written as watch.txt and watch.json. */
  watch?: WatchPoll | null;
}

/** One saved session the results draw on, and which of its close orders they show. */
export interface BundleSource {
  historyId: string | null;
  createdAt: string;
  modes: Mode[];
}

export interface BundleWritten {
  path: string;
  /** The names inside the .zip, in order. */
  entries: string[];
  /** Log files that were not there (or not files) and so were left out. */
  skippedLogs: string[];
}

const EXTRA_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** "DESKTOP-7Q2LM0" -> itself; "Pépé's PC" -> "Pepe-s-PC": letters, digits, dots, dashes only. */
export function safeFileNamePart(text: string, fallback: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const safe = ascii
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40)
    .replace(/[-.]+$/g, '');
  return safe || fallback;
}

/** "SocketCloseTest-DESKTOP-7Q2LM0-2026-11-24-0718.zip", in the machine's local time, no spaces. */
export function bundleFileName(system: SystemInfo, date: Date = new Date()): string {
  const host = safeFileNamePart(system.hostname, 'machine');
  const day = `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
  return `SocketCloseTest-${host}-${day}-${twoDigits(date.getHours())}${twoDigits(date.getMinutes())}.zip`;
}

/** Which runs of which sessions the results hold: the newest run of each close order. */
function sourceLines(sources: readonly BundleSource[]): string[] {
  if (sources.length === 0) return [];
  const lines = ['', 'The results hold these runs (the newest of each close order):'];
  for (const s of sources) {
    const when = s.createdAt.slice(0, 19).replace('T', ' ');
    const id = s.historyId ? `saved as ${s.historyId}` : 'not saved in the history';
    lines.push(`- ${s.modes.join(', ')}: from the session that ended ${when} (${id})`);
  }
  return lines;
}

/** Windows' own port-exhaustion events, when they were read: a line, and one more per event. */
function exhaustionLines(events: ExhaustionEvents | undefined): string[] {
  if (!events) return [];
  return [
    `${EXHAUSTION_LABEL}: ${exhaustionSummary(events, 'below')}`,
    ...exhaustionEventLines(events).map((line) => `- ${line}`),
  ];
}

function readme(
  docs: readonly ResultsDocument[],
  machine: SystemInfo,
  names: readonly string[],
  sources: readonly BundleSource[],
  watch: WatchPoll | null,
): string {
  const lines = [
    'SocketCloseTest diagnostics bundle',
    '',
    `Machine: ${machineLabel(machine)}`,
    `Made: ${new Date().toISOString()}`,
    ...exhaustionLines(machine.exhaustionEvents ?? watch?.machine.exhaustionEvents),
    ...sourceLines(sources),
    '',
    'What is inside:',
  ];
  const say: Record<string, string> = {
    'results.json': 'the results, to open in SocketCloseTest (Import) or any JSON reader',
    'results.md': 'the results table, machine facts and error summary, ready to paste into a bug report',
    'errors.csv': 'every recorded error with its time, side, operation, code and ports',
    'samples.csv': 'per-second connection rates and half-connection counts',
    'machine-facts.json': 'the operating system, port ranges and TIME_WAIT settings',
    'watch.txt':
      "this computer's connections when the bundle was made: the busiest destinations, the programs holding them, and alerts",
    'watch.json': 'the same in full, in the format of `socketclosetest watch --json`',
  };
  for (const name of names) {
    if (name === 'README.txt') continue;
    const known = say[name.replace(/-\d+(?=\.)/, '')];
    if (known) lines.push(`- ${name}: ${known}${/-\d+\./.test(name) ? ' (further results)' : ''}`);
    else if (name.startsWith('logs/')) lines.push(`- ${name}: a log file of the app`);
    else lines.push(`- ${name}`);
  }
  if (docs.length === 0) lines.push('', 'No results were included: only the machine facts and the logs.');
  const guidance = guidanceReadme(docs.flatMap((d) => d.runs.map((r) => r.outcome)));
  if (guidance.length > 0) lines.push('', ...guidance);
  return `${lines.join('\r\n')}\r\n`;
}

interface LogSource {
  name: string;
  handle: FileHandle;
  size: number;
}

/** Opens each log now, so one that is rotated away meanwhile is still read whole up to its size now. */
async function openLogs(files: readonly string[]): Promise<{ logs: LogSource[]; skipped: string[] }> {
  const logs: LogSource[] = [];
  const skipped: string[] = [];
  const used = new Set<string>();
  for (const file of files) {
    let handle: FileHandle | null = null;
    try {
      handle = await open(file, 'r');
      const info = await handle.stat();
      if (!info.isFile()) throw new Error('not a file');
      const parsed = path.parse(file);
      let name = safeFileNamePart(parsed.base, 'log');
      for (let n = 2; used.has(name); n++) name = `${safeFileNamePart(parsed.name, 'log')}-${n}${parsed.ext}`;
      used.add(name);
      logs.push({ name: `logs/${name}`, handle, size: info.size });
    } catch {
      await handle?.close().catch(() => undefined);
      skipped.push(file);
    }
  }
  return { logs, skipped };
}

/**
 * Writes the bundle to `target` (atomically) and answers what went in. Throws when there is
 * nothing to describe the machine with, or when writing fails (the previous file stays).
 */
export async function writeBundle(target: string, contents: BundleContents): Promise<BundleWritten> {
  const machine = contents.documents[0]?.machine ?? contents.machine;
  if (!machine) throw new Error('A diagnostics bundle needs results or the machine facts.');
  const extra = Object.entries(contents.extra ?? {});
  const files: [string, string][] = [];
  contents.documents.forEach((doc, i) => {
    const suffix = i === 0 ? '' : `-${i + 1}`;
    files.push([`results${suffix}.json`, `${JSON.stringify(doc, null, 2)}\n`]);
  });
  if (contents.documents.length > 0) files.push(['results.md', reportMarkdown(contents.documents)]);
  contents.documents.forEach((doc, i) => {
    const suffix = i === 0 ? '' : `-${i + 1}`;
    files.push([`errors${suffix}.csv`, errorsCsv(doc)], [`samples${suffix}.csv`, samplesCsv(doc)]);
  });
  files.push(['machine-facts.json', `${JSON.stringify(machine, null, 2)}\n`]);
  if (contents.watch) {
    files.push(
      // CRLF like the README, for Notepad on older Windows.
      ['watch.txt', watchSummaryText(contents.watch).replace(/\r?\n/g, '\r\n')],
      ['watch.json', `${JSON.stringify(contents.watch, null, 2)}\n`],
    );
  }
  for (const [name, text] of extra) {
    if (!EXTRA_NAME.test(name) || name === 'README.txt' || files.some(([n]) => n === name))
      throw new Error(`"${name}" cannot be added to the bundle: choose another file name.`);
    files.push([name, text]);
  }

  const { logs, skipped } = await openLogs(contents.logFiles);
  const entries = ['README.txt', ...files.map(([n]) => n), ...logs.map((l) => l.name)];
  const zip = new ZipFile();
  // It is a PassThrough at run time; the typings only promise the older stream interface.
  const output = zip.outputStream as Readable;
  // yazl reports a failed source on the ZipFile, not on its output: end the output with it.
  zip.on('error', (error: Error) => output.destroy(error));
  try {
    zip.addBuffer(
      Buffer.from(
        readme(contents.documents, machine, entries, contents.sources ?? [], contents.watch ?? null),
      ),
      'README.txt',
    );
    for (const [name, text] of files) zip.addBuffer(Buffer.from(text), name);
    for (const log of logs) {
      if (log.size === 0) {
        zip.addBuffer(Buffer.alloc(0), log.name);
        continue;
      }
      zip.addReadStreamLazy(log.name, { size: log.size }, (callback) => {
        // Up to the size seen when opened: a log that grows meanwhile is cut there, not refused.
        const stream = log.handle.createReadStream({ start: 0, end: log.size - 1, autoClose: false });
        stream.on('error', (error) => output.destroy(error));
        callback(null, stream);
      });
    }
    zip.end();
    await writeFileAtomic(target, output);
  } finally {
    for (const log of logs) await log.handle.close().catch(() => undefined);
  }
  return { path: target, entries, skippedLogs: skipped };
}
