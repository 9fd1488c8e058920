/**
 * Reading a file someone handed us, whatever it turns out to be. A path may name a FIFO (open
 * would wait for a writer forever and hold a file-system thread), a device such as /dev/zero (an
 * endless read), or a file that grows while it is read: only a regular file is read, and never
 * more than the limit allows.
 */
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { UserError } from '../user-error';
import { describeReadError, fsErrorCode } from './fs-messages';
import { formatMegabytes } from './results-file-error';

export type ReadProblem = 'missing' | 'unreadable' | 'folder' | 'not-a-file' | 'too-large';

/** Why a file was not read, as a sentence naming it by `source`. */
export class FileReadError extends UserError {
  override readonly name = 'FileReadError';

  constructor(
    message: string,
    readonly reason: ReadProblem,
  ) {
    super(message);
  }
}

export interface ReadBoundedOptions {
  /** The largest number of bytes accepted. */
  limit: number;
  /** How messages name the file ("results.json"). */
  source: string;
  /** What the file should have been, for "is a folder, not a results file". */
  noun?: string;
}

// O_NONBLOCK makes opening a FIFO that slipped past the first check return at once instead of
// waiting for a writer; it changes nothing for a regular file. Windows has no such flag (nor FIFOs).
const OPEN_FLAGS = constants.O_RDONLY | (process.platform === 'win32' ? 0 : (constants.O_NONBLOCK ?? 0));

/**
 * A handle on `file`, refused unless it is a regular file of at most `limit` bytes, for a reader
 * that streams it (a run log); the caller closes it. `size` is what the opened file's stat said.
 */
export async function openRegularFile(
  file: string,
  options: ReadBoundedOptions,
): Promise<{ handle: FileHandle; size: number }> {
  const { limit, source, noun = 'file' } = options;
  const refuse = (info: { isFile(): boolean; isDirectory(): boolean; size: number }): void => {
    if (info.isDirectory()) throw new FileReadError(`${source} is a folder, not a ${noun}.`, 'folder');
    if (!info.isFile())
      throw new FileReadError(
        `${source} is not a regular file (it is a device, a pipe or a socket), so it was not read.`,
        'not-a-file',
      );
    if (info.size > limit) throw tooLarge(source, info.size, limit);
  };
  let handle: FileHandle;
  try {
    // Checked before opening: opening a FIFO or a device can block or have effects of its own.
    refuse(await stat(file));
    handle = await open(file, OPEN_FLAGS);
  } catch (error) {
    throw readError(error, source, noun);
  }
  try {
    // Checked again on what was opened, since the path may have been swapped in between.
    const info = await handle.stat();
    refuse(info);
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw readError(error, source, noun);
  }
}

/** The file's bytes: refused unless it is a regular file of at most `limit` bytes. */
export async function readBounded(file: string, options: ReadBoundedOptions): Promise<Buffer> {
  const { limit, source, noun = 'file' } = options;
  const { handle, size } = await openRegularFile(file, options);
  try {
    // One buffer of the size stat gave (files under /proc say 0), grown only if the file grows.
    let buffer = Buffer.allocUnsafe(Math.min(Math.max(size, 64 * 1024), limit) + 1);
    let total = 0;
    // At most limit + 1 bytes: enough to know a file that grew past the limit is too large.
    while (total <= limit) {
      if (total === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
        buffer.copy(larger, 0, 0, total);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > limit) throw tooLarge(source, total, limit, true);
    return buffer.subarray(0, total);
  } catch (error) {
    throw readError(error, source, noun);
  } finally {
    await handle.close();
  }
}

/** `grew`: the file was larger than stat said, so only its first limit + 1 bytes are known. */
function tooLarge(source: string, size: number, limit: number, grew = false): FileReadError {
  return new FileReadError(
    `${source} is too large (${grew ? 'more than ' : ''}${formatMegabytes(grew ? limit : size)}; the limit is ${formatMegabytes(limit)}).`,
    'too-large',
  );
}

function readError(error: unknown, source: string, noun: string): FileReadError {
  if (error instanceof FileReadError) return error;
  const code = fsErrorCode(error);
  if (code === 'EISDIR') return new FileReadError(`${source} is a folder, not a ${noun}.`, 'folder');
  return new FileReadError(
    describeReadError(error, source),
    code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable',
  );
}

/**
 * Text of a file saved by any editor or shell: a byte-order mark wins (Windows PowerShell 5.1's
 * `>` writes UTF-16LE with one, Notepad may write UTF-8 with one); anything else is UTF-8.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), 'utf16-be');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8', 3);
  return bytes.toString('utf8');
}
