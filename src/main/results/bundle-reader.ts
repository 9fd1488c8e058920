/**
 * Reading the results back out of a diagnostics bundle (bundle.ts writes it): the .zip is the file
 * people actually send, so Import and `compare` take it as it came. It comes from a stranger, so
 * it is read boundedly: only the central directory and the results entries are read, each entry's
 * unpacked size is capped before a byte is inflated (a zip bomb is refused by what it declares,
 * and yauzl stops one that inflates past what it declared), and each is checked against its CRC-32.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { RandomAccessReader, type Entry, type ZipFile } from 'yauzl';
import type { ResultsDocument } from '../../shared/contract';
import { MAX_RESULTS_FILE_BYTES, ResultsFileError, formatMegabytes } from './results-file-error';
import { decodeText } from './read-bounded';
import { parseResultsDocuments } from './schema';

/** A bundle holds a dozen entries and its logs; far more is not one of ours. */
export const MAX_BUNDLE_ENTRIES = 10_000;
/** Results entries read from one bundle (the window's bundles hold one, a comparison a few). */
export const MAX_BUNDLE_RESULTS = 60;
/** All results entries of one bundle together, unpacked. */
export const MAX_BUNDLE_RESULTS_BYTES = 4 * MAX_RESULTS_FILE_BYTES;

/** "results.json", "results-2.json": the results entries bundle.ts writes (any folder a re-zip added). */
const RESULTS_ENTRY = /(?:^|\/)results(?:-\d{1,3})?\.json$/;
const README_START = 'SocketCloseTest diagnostics bundle';

/** Whether the first bytes of a file are a .zip's (a local file header, or the end record of an empty one). */
export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);
}

/**
 * The results documents in the bundle open at `handle` (the caller opened it as a regular file and
 * closes it), in the bundle's order. `source` names the .zip in messages.
 */
export async function readBundleResults(handle: FileHandle, source: string): Promise<ResultsDocument[]> {
  const fail = (detail: string, reason: ResultsFileError['reason'] = 'invalid'): never => {
    throw new ResultsFileError(`${source} ${detail}`, reason, source);
  };
  let zip: ZipFile;
  try {
    const { size } = await handle.stat();
    zip = await yauzl.fromRandomAccessReaderPromise(new HandleReader(handle), size, {
      autoClose: false,
      lazyEntries: true,
      // A name with "..", a drive or a backslash is refused: nothing is written, but it is not ours.
      strictFileNames: true,
      validateEntrySizes: true,
    });
  } catch (error) {
    return fail(
      `is damaged or cut short (${zipProblem(error)}): it may not have been copied completely.`,
      'truncated',
    );
  }
  try {
    if (zip.entryCount > MAX_BUNDLE_ENTRIES)
      fail(
        `holds ${zip.entryCount.toLocaleString('en-US')} files, far more than a diagnostics bundle: it is not one.`,
        'not-results',
      );
    const documents: ResultsDocument[] = [];
    let readme: string | null = null;
    let unpacked = 0;
    let resultsEntries = 0;
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name === 'README.txt' && entry.uncompressedSize <= 64 * 1024) {
        readme = decodeText(await readEntry(zip, entry, source, 64 * 1024));
        continue;
      }
      if (!RESULTS_ENTRY.test(name) || name.startsWith('logs/')) continue;
      if (++resultsEntries > MAX_BUNDLE_RESULTS)
        fail(
          `holds more than ${MAX_BUNDLE_RESULTS} results files: it is not a diagnostics bundle.`,
          'not-results',
        );
      const entrySource = `${name} in ${source}`;
      if (entry.uncompressedSize > MAX_RESULTS_FILE_BYTES)
        throw new ResultsFileError(
          `${entrySource} would unpack to ${formatMegabytes(entry.uncompressedSize)}, more than a results file may hold (${formatMegabytes(MAX_RESULTS_FILE_BYTES)}): the .zip is damaged or not a diagnostics bundle.`,
          'too-large',
          source,
        );
      unpacked += entry.uncompressedSize;
      if (unpacked > MAX_BUNDLE_RESULTS_BYTES)
        fail(
          `would unpack to more than ${formatMegabytes(MAX_BUNDLE_RESULTS_BYTES)} of results: it is damaged or not a diagnostics bundle.`,
          'too-large',
        );
      const bytes = await readEntry(zip, entry, source, MAX_RESULTS_FILE_BYTES);
      documents.push(...parseResultsDocuments(decodeText(bytes), entrySource));
    }
    if (documents.length === 0) {
      if (readme?.startsWith(README_START))
        fail(
          'is a diagnostics bundle without results (only the machine facts and the logs): ask for one saved after a test has run.',
          'not-results',
        );
      fail(
        'holds no SocketCloseTest results (there is no results.json in it): import the diagnostics .zip that SocketCloseTest saved, or its results.json.',
        'not-results',
      );
    }
    return documents;
  } catch (error) {
    if (error instanceof ResultsFileError) throw error;
    return fail(`is damaged (${zipProblem(error)}): it may not have been copied completely.`);
  } finally {
    zip.close();
  }
}

/**
 * yauzl reading through the caller's FileHandle: its fromFd would close the descriptor itself
 * (the handle then fails to), and the handle is the one opened as a checked regular file.
 */
class HandleReader extends RandomAccessReader {
  constructor(private readonly handle: FileHandle) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const handle = this.handle;
    // Plain positioned reads: a ReadStream on a FileHandle takes the handle over when destroyed.
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let at = start; at < end;) {
        const buffer = Buffer.allocUnsafe(Math.min(64 * 1024, end - at));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        if (bytesRead === 0) throw new Error('unexpected end of file');
        at += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }
}

/** One entry's bytes, at most `limit`, checked against its CRC-32. */
async function readEntry(zip: ZipFile, entry: Entry, source: string, limit: number): Promise<Buffer> {
  if (entry.isEncrypted())
    throw new ResultsFileError(
      `${entry.fileName} in ${source} is password-protected, so it cannot be read: ask for the diagnostics .zip as SocketCloseTest saved it.`,
      'unreadable',
      source,
    );
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = await zip.openReadStreamPromise(entry);
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    // yauzl already stops at the declared size; this bounds a reader whatever it declared.
    if (total > limit) {
      stream.destroy();
      throw new ResultsFileError(
        `${entry.fileName} in ${source} unpacks to more than ${formatMegabytes(limit)}: the .zip is damaged or not a diagnostics bundle.`,
        'too-large',
        source,
      );
    }
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks, total);
  if (crc32(bytes) !== entry.crc32)
    throw new ResultsFileError(
      `${entry.fileName} in ${source} does not match its checksum: the .zip is damaged, perhaps not copied completely.`,
      'invalid',
      source,
    );
  return bytes;
}

/** yauzl's own words, kept short, for the parenthesis of a "damaged" sentence. */
function zipProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of central directory/i.test(message)) return 'its table of contents is missing';
  if (/too (many|few) bytes/i.test(message)) return 'a file in it is not the size it claims';
  if (/compression method/i.test(message)) return 'it is packed in a way this program does not read';
  if (/invalid (characters|relative path|absolute path)/i.test(message))
    return 'it names a file outside itself';
  return message.length <= 80 ? message : `${message.slice(0, 79)}…`;
}
