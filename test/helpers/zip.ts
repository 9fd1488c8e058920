import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';

export interface ZipEntry {
  name: string;
  bytes: Buffer;
}

/**
 * Every entry of a .zip, in the order of its central directory, each read whole and checked
 * against the CRC-32 it was stored with (yauzl reads that, but leaves the check to its caller).
 * Read by yauzl, not by yazl, the library that wrote it, and in Node: the same reader on every
 * platform, where the systems' own tools differ (Git Bash's tar on Windows cannot read a zip).
 */
export async function readZip(file: string): Promise<ZipEntry[]> {
  const zip = await yauzl.openPromise(file, { strictFileNames: true });
  const entries: ZipEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      if (crc32(bytes) !== entry.crc32)
        throw new Error(`${entry.fileName} in ${file} does not match its CRC-32: the archive is damaged.`);
      entries.push({ name: entry.fileName, bytes });
    }
  } finally {
    zip.close();
  }
  return entries;
}

/** The bytes of one entry; throws when the archive holds no such name. */
export function entryBytes(entries: readonly ZipEntry[], name: string): Buffer {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`The archive holds no ${name}.`);
  return entry.bytes;
}
