/**
 * Turning a tool's bytes into text. Windows netstat writes in the console's OEM code page (German:
 * CP850, where Ö is 0x99), never UTF-8. Only the state names can hold non-ASCII letters: the `TCP`
 * token and the addresses never do. So the text is read byte for byte (latin1, ten times faster
 * than a full iconv-lite decode of a large table), and each distinct state name is decoded with
 * iconv-lite from the code page once.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { isKnownStateName } from './states';
import { runTool } from './system-tool';

/** Text to scan, and how to turn one of its state tokens into the name the tool meant. */
export interface DecodedText {
  text: string;
  stateName: (token: string) => string;
}

const identity = (token: string): string => token;

/** The code page of captures whose origin is unknown: Western European consoles (German, French...). */
export const DEFAULT_CAPTURE_CODE_PAGE = 850;

/**
 * Decodes a netstat table. A byte-order mark wins (PowerShell's `>` writes UTF-16LE); text that is
 * valid UTF-8 (a capture saved by an editor, or a console on code page 65001) is read as UTF-8;
 * anything else is the OEM code page.
 */
export function decodeTable(bytes: Uint8Array, codePage: number = DEFAULT_CAPTURE_CODE_PAGE): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: buffer.toString('utf16le', 2), stateName: identity };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    return { text: iconv.decode(buffer.subarray(2), 'utf16-be'), stateName: identity };
  }
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: buffer.toString('utf8', 3), stateName: identity };
  }
  if (looksLikeUtf16le(buffer)) return { text: buffer.toString('utf16le'), stateName: identity };
  const text = buffer.toString('latin1');
  if (codePage === 65001 || (!isAscii(buffer) && isUtf8(buffer))) return { text, stateName: utf8Token };
  return { text, stateName: oemToken(codePage) };
}

function utf8Token(token: string): string {
  return Buffer.from(token, 'latin1').toString('utf8');
}

function oemToken(codePage: number): (token: string) => string {
  const encoding = iconv.encodingExists(`cp${codePage}`) ? `cp${codePage}` : `cp${DEFAULT_CAPTURE_CODE_PAGE}`;
  return (token) => {
    const bytes = Buffer.from(token, 'latin1');
    const name = iconv.decode(bytes, encoding);
    // A console switched to another code page than the one reported: try UTF-8 before giving up.
    if (!isKnownStateName(name) && isUtf8(bytes)) return bytes.toString('utf8');
    return name;
  };
}

/** UTF-16LE without a byte-order mark: ASCII text with every other byte 0. */
function looksLikeUtf16le(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length & ~1, 64);
  if (n < 8) return false;
  for (let i = 1; i < n; i += 2) if (bytes[i] !== 0 || bytes[i - 1] === 0) return false;
  return true;
}

/** Whether the bytes start with a UTF-8 or UTF-16 byte-order mark. */
export function hasByteOrderMark(bytes: Uint8Array): boolean {
  return (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
  );
}

/** Reads the number out of `chcp`'s answer ("Active code page: 850." / "Aktive Codepage: 850."). */
export function parseChcp(output: string): number | null {
  const match = /(\d{3,5})\s*\.?\s*$/.exec(output.trim());
  return match ? Number(match[1]) : null;
}

let consoleCodePage: Promise<number> | null = null;

/**
 * The code page of the console netstat will write to. `chcp` runs with the same options as netstat
 * (a hidden console of its own, or the one the command line was started from), so it reports the
 * page netstat uses; asked once per process. Falls back to 850 when it cannot be asked.
 */
export function windowsConsoleCodePage(platform: NodeJS.Platform = process.platform): Promise<number> {
  consoleCodePage ??= runTool('cmd', ['/d', '/c', 'chcp'], 'latin1', { platform }).then(
    (out) => (out.ok && parseChcp(out.stdout)) || DEFAULT_CAPTURE_CODE_PAGE,
  );
  return consoleCodePage;
}
