/**
 * What a file is when it is not JSON at all, so that picking the wrong file of a bundle (the
 * Markdown report, the CSV, the README) or a text file says so and says what to import instead,
 * rather than "not valid JSON at line 1" or "cut short".
 */
import { RUN_LOG_KIND } from './run-log';

const ERRORS_CSV_HEADER = 'mode,time,epoch_ms,';
const SAMPLES_CSV_HEADER = 'mode,t,time,connects,';
/** electron-log's line: "[2026-11-24 07:18:00.123] [info]  ...". */
const APP_LOG_LINE = /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?\] \[\w+\]/;

/** Whether the text starts like JSON (an object or a list); anything else is described by fileKind. */
export function startsLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

/** "42", "null", "\"text\"": JSON, only not results, which the JSON checks say. */
function isShortJson(text: string): boolean {
  if (text.length > 1000) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether the first line is a run log's opening line (a .jsonl renamed, or saved under another name). */
export function looksLikeRunLog(text: string): boolean {
  const firstLine = text.slice(0, 4096).split('\n', 1)[0] ?? '';
  return firstLine.includes(`"kind":"${RUN_LOG_KIND}"`);
}

/**
 * What the text is, as the end of "X is not a SocketCloseTest results file: it is ...", with what
 * to import instead; null when it may be JSON after all (the JSON checks then say what is wrong).
 */
export function describeNotResults(text: string): string | null {
  const head = text.slice(0, 4096);
  const start = head.trimStart();
  const instead = 'import the results .json or the diagnostics .zip instead';
  if (looksLikeRunLog(head)) return `it is a run log: give it a name ending in .jsonl and import it again`;
  if (APP_LOG_LINE.test(start)) return `it is the app's log file: ${instead}`;
  // WordPad's and Word's rich text starts with a brace too, but is no JSON.
  if (start.startsWith('{\\rtf')) return `it is a rich-text (RTF) document: ${instead}`;
  if (startsLikeJson(start) || isShortJson(start)) return null;
  if (start.startsWith('PK\u0003\u0004')) return 'it is a .zip archive that could not be opened';
  if (start.startsWith('%PDF')) return `it is a PDF document: ${instead}`;
  // NUL or undecodable bytes: a program, an image, an office document...
  if (head.includes('\u0000') || head.includes('\ufffd')) return `it is not text: ${instead}`;
  if (start.startsWith('# SocketCloseTest results'))
    return `it is a Markdown report, for reading: ${instead}`;
  if (/^\|\s*mode\s*\|/.test(start)) return `it is a results table in Markdown, for reading: ${instead}`;
  if (start.startsWith('SocketCloseTest diagnostics bundle'))
    return 'it is the README of a diagnostics bundle: import the .zip itself';
  if (start.startsWith(ERRORS_CSV_HEADER)) return `it is the errors table (CSV): ${instead}`;
  if (start.startsWith(SAMPLES_CSV_HEADER)) return `it is the per-second samples table (CSV): ${instead}`;
  if (/^<(?:!doctype html|html)/i.test(start)) return `it is a web page: ${instead}`;
  if (/^#{1,6} /.test(start) || /^\|.*\|\s*$/m.test(head)) return `it is a Markdown text: ${instead}`;
  return `it is plain text, not JSON: ${instead}`;
}
