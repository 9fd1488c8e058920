/**
 * Allocation-free scanning of whitespace-separated tables: the parsers walk tens of thousands of
 * rows per poll, so a row's fields are start/end offsets into the text, not new strings.
 */

/** Room for the fields of one row; rows with more are cut (the fields we read come first). */
export const MAX_FIELDS = 16;

/** Reusable offsets: field k is text[starts[k], ends[k]). */
export interface Fields {
  starts: Int32Array;
  ends: Int32Array;
}

export function newFields(): Fields {
  return { starts: new Int32Array(MAX_FIELDS), ends: new Int32Array(MAX_FIELDS) };
}

/** Space, tab, CR and the other control characters: one comparison, on the hottest path. */
const isSpace = (c: number): boolean => c <= 32;

/** Splits text[from, to) on spaces and tabs into `fields`; returns how many were found. */
export function splitFields(text: string, from: number, to: number, fields: Fields): number {
  let n = 0;
  let i = from;
  while (i < to && n < MAX_FIELDS) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    if (i >= to) break;
    fields.starts[n] = i;
    while (i < to && !isSpace(text.charCodeAt(i))) i++;
    fields.ends[n] = i;
    n++;
  }
  return n;
}

/**
 * Calls `row(from, to)` for each line of text, whatever the line ends (LF, CRLF, a lone CR);
 * `to` excludes the line end.
 */
export function forEachLine(text: string, row: (from: number, to: number) => void): void {
  const length = text.length;
  let start = 0;
  // The next CR, found once and reused: searching afresh per line would scan to the end each time.
  let nextCr = text.indexOf('\r');
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = length;
    if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
    if (nextCr !== -1 && nextCr < end - 1) {
      // A CR inside the line, not before its LF: old Mac-style line ends; each CR ends a line.
      row(start, nextCr);
      start = nextCr + 1;
      continue;
    }
    row(start, nextCr !== -1 && nextCr === end - 1 ? end - 1 : end);
    start = end + 1;
  }
}

/** Whether text[from, to) equals `word` (ASCII letters and digits, case-insensitive). */
export function fieldIs(text: string, from: number, to: number, word: string): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((text.charCodeAt(from + i) | 0x20) !== (word.charCodeAt(i) | 0x20)) return false;
  }
  return true;
}

/** Whether text[from, to) starts with `prefix` (ASCII, case-insensitive). */
export function fieldStartsWith(text: string, from: number, to: number, prefix: string): boolean {
  if (to - from < prefix.length) return false;
  return fieldIs(text, from, from + prefix.length, prefix);
}

/** Offset of the last `char` in text[from, to), or -1. */
export function lastIndexIn(text: string, char: number, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (text.charCodeAt(i) === char) return i;
  return -1;
}

/** Parses decimal digits text[from..to) by char codes; -1 when empty or not all digits or above 65535. */
export function portAt(text: string, from: number, to: number): number {
  if (from >= to) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
    if (value > 65535) return -1;
  }
  return value;
}
