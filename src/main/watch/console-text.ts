/**
 * Whole text from a Windows console tool (tasklist, wevtutil): small outputs, so decoded whole,
 * unlike netstat's tables. The same rules as decodeTable: a byte-order mark wins, then UTF-16LE
 * without one, then valid UTF-8 (a console on code page 65001), else the OEM code page.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { DEFAULT_CAPTURE_CODE_PAGE, decodeTable } from '../engine/netstat/decode';

export function decodeConsoleText(bytes: Uint8Array, codePage: number = DEFAULT_CAPTURE_CODE_PAGE): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoded = decodeTable(buffer, codePage);
  if (decoded.text.length !== buffer.length || isAscii(buffer)) return decoded.text;
  if (codePage === 65001 || isUtf8(buffer)) return buffer.toString('utf8');
  const encoding = iconv.encodingExists(`cp${codePage}`) ? `cp${codePage}` : `cp${DEFAULT_CAPTURE_CODE_PAGE}`;
  return iconv.decode(buffer, encoding);
}
