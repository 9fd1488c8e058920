/**
 * One pass over JSON text before JSON.parse sees it, for two reasons. JSON.parse's cost is not
 * bounded by the text's size alone: one object of five million names takes V8 over ten seconds
 * and most of a gigabyte, so the number of names and items in each container is capped here, where
 * counting costs nothing. And V8's syntax errors differ between Node versions and some carry no
 * position at all, so this scan finds where the text stops being JSON itself.
 */

export interface JsonLimits {
  /** Names in one object. */
  names: number;
  /** Items in one list. */
  items: number;
  /** Objects and lists inside one another. */
  depth: number;
}

export type JsonProblem =
  /** The text ends before the JSON does. */
  | { kind: 'end'; position: number }
  /** A character that cannot be there. */
  | { kind: 'unexpected'; position: number }
  /** A container over a limit; `path` names it ("runs[0].errorCounts"). */
  | { kind: 'names' | 'items' | 'depth'; position: number; path: (string | number)[] };

interface Frame {
  isObject: boolean;
  count: number;
  /** Where the current member's name starts and ends, in an object: read only for a message. */
  keyStart: number;
  keyEnd: number;
}

const enum After {
  /** A value must come next. */
  Value,
  /** A value has ended: a comma, a closing bracket, or the end of the text. */
  Member,
  /** In an object, after `{` or `,`: a name must come next (or `}` right after `{`). */
  Name,
  /** After a name: a colon. */
  Colon,
}

/** Where `text` stops being JSON within the limits, or null when it is fine. */
export function scanJson(text: string, limits: JsonLimits): JsonProblem | null {
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  let expect: After = After.Value;
  let emptyAllowed = false;
  const path = (): (string | number)[] =>
    stack.map((f) => (f.isObject ? nameOf(text, f.keyStart, f.keyEnd) : f.count - 1));

  while (true) {
    // Whitespace.
    let c = text.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
    if (i >= n) return stack.length === 0 && expect === After.Member ? null : { kind: 'end', position: n };

    if (expect === After.Member) {
      const top = stack[stack.length - 1];
      if (!top) return { kind: 'unexpected', position: i };
      if (c === 0x2c /* , */) {
        i++;
        expect = top.isObject ? After.Name : After.Value;
        emptyAllowed = false;
        if (!top.isObject) {
          if (++top.count > limits.items) return { kind: 'items', position: i, path: path().slice(0, -1) };
        }
        continue;
      }
      if (c === (top.isObject ? 0x7d /* } */ : 0x5d) /* ] */) {
        i++;
        stack.pop();
        continue;
      }
      return { kind: 'unexpected', position: i };
    }

    if (expect === After.Name) {
      if (c === 0x7d && emptyAllowed) {
        i++;
        stack.pop();
        expect = After.Member;
        continue;
      }
      if (c !== 0x22) return { kind: 'unexpected', position: i };
      const end = stringEnd(text, i);
      if (end < 0) return { kind: 'unexpected', position: -end - 1 };
      if (end > n) return { kind: 'end', position: n };
      const top = stack[stack.length - 1]!;
      if (++top.count > limits.names) return { kind: 'names', position: i, path: path().slice(0, -1) };
      top.keyStart = i;
      top.keyEnd = end;
      i = end;
      expect = After.Colon;
      continue;
    }

    if (expect === After.Colon) {
      if (c !== 0x3a) return { kind: 'unexpected', position: i };
      i++;
      expect = After.Value;
      continue;
    }

    // A value.
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const isObject = c === 0x7b;
      if (stack.length >= limits.depth) return { kind: 'depth', position: i, path: path() };
      stack.push({ isObject, count: isObject ? 0 : 1, keyStart: 0, keyEnd: 0 });
      i++;
      if (isObject) {
        expect = After.Name;
        emptyAllowed = true;
      } else {
        let d = text.charCodeAt(i);
        while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) d = text.charCodeAt(++i);
        if (d === 0x5d) {
          i++;
          stack.pop();
          expect = After.Member;
        } else expect = After.Value;
      }
      continue;
    }
    let end: number;
    if (c === 0x22) end = stringEnd(text, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) end = numberEnd(text, i);
    else if (c === 0x74) end = word(text, i, 'true');
    else if (c === 0x66) end = word(text, i, 'false');
    else if (c === 0x6e) end = word(text, i, 'null');
    else return { kind: 'unexpected', position: i };
    if (end < 0) return { kind: 'unexpected', position: -end - 1 };
    if (end > n) return { kind: 'end', position: n };
    i = end;
    expect = After.Member;
  }
}

/** A name kept for messages only: its first characters are enough. */
function nameOf(text: string, start: number, end: number): string {
  const raw = text.slice(start, Math.min(end, start + 64));
  try {
    return JSON.parse(end <= start + 64 ? raw : `${raw.replace(/\\[^"]*$/, '')}"`) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

// The scanners below answer the index after the token, n + 1 when the text ends inside it, or
// -(position + 1) of the first character that cannot be there.

function stringEnd(text: string, start: number): number {
  const n = text.length;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -(i + 1);
    if (c === 0x5c) {
      const e = text.charCodeAt(i + 1);
      if (i + 1 >= n) return n + 1;
      if (e === 0x75 /* u */) {
        for (let k = 2; k < 6; k++) {
          if (i + k >= n) return n + 1;
          if (!isHex(text.charCodeAt(i + k))) return -(i + k + 1);
        }
        i += 6;
        continue;
      }
      // " \ / b f n r t
      if (!(
        e === 0x22 ||
        e === 0x5c ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      ))
        return -(i + 2);
      i += 2;
      continue;
    }
    i++;
  }
  return n + 1;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function numberEnd(text: string, start: number): number {
  const n = text.length;
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  const digits = (): number | null => {
    if (i >= n) return n + 1;
    if (!isDigit(text.charCodeAt(i))) return -(i + 1);
    while (isDigit(text.charCodeAt(i))) i++;
    return null;
  };
  if (text.charCodeAt(i) === 0x30) i++;
  else {
    const bad = digits();
    if (bad !== null) return bad;
  }
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    const bad = digits();
    if (bad !== null) return bad;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    const bad = digits();
    if (bad !== null) return bad;
  }
  return i;
}

function word(text: string, start: number, expected: string): number {
  for (let k = 0; k < expected.length; k++) {
    if (start + k >= text.length) return text.length + 1;
    // The whole word is what is wrong ("tru", "nul"), so its start is the position.
    if (text.charCodeAt(start + k) !== expected.charCodeAt(k)) return -(start + 1);
  }
  return start + expected.length;
}

/** Line and column (both from 1) of a position in the text, as an editor shows them. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}
