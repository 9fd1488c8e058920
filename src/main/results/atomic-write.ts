/**
 * Writes a file so that a crash, a kill or a full disk never leaves half of it: the data goes to a
 * temporary file in the same folder (rename is only atomic within one file system), is flushed to
 * the disk, and only then replaces the target by rename. Readers see the old file or the new one.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type AtomicData = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/** Temporary files start with this, so folders that list results can skip them. */
export const TEMP_PREFIX = '.tmp-';

/**
 * The temporary name for a target: hidden, unique per write, recognisable as ours, and naming the
 * writing process, so a later write can tell a killed writer's leftover from a write under way.
 */
export function tempPathFor(target: string): string {
  return path.join(
    path.dirname(target),
    `${TEMP_PREFIX}${path.basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}`,
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const MINUTE_MS = 60 * 1000;
// No write takes this long: past it, a leftover goes even if its process number was reused.
const ABANDONED_MS = 60 * MINUTE_MS;

/**
 * Removes what killed writes of `target` left beside it: temporary files whose process no longer
 * runs, or older than a minute when their name predates the process number. Best effort.
 */
async function removeAbandonedTemps(target: string): Promise<void> {
  const folder = path.dirname(target);
  const prefix = `${TEMP_PREFIX}${path.basename(target)}.`;
  const names = await readdir(folder).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const withPid = /^(\d+)-[0-9a-f]{12}$/.exec(rest);
    if (!withPid && !/^[0-9a-f]{12}$/.test(rest)) continue;
    const file = path.join(folder, name);
    try {
      const info = await stat(file);
      if (!info.isFile()) continue;
      const age = now - info.mtimeMs;
      const pid = withPid ? Number(withPid[1]) : null;
      const gone =
        age >= ABANDONED_MS || (pid === null ? age >= MINUTE_MS : pid !== process.pid && !isRunning(pid));
      if (gone) await unlink(file);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

// Windows refuses to replace a file that a virus scanner or indexer holds open for a moment.
const RENAME_RETRIES_MS = [20, 50, 100, 200, 400, 800];

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const delay = RENAME_RETRIES_MS[attempt];
      if (
        process.platform !== 'win32' ||
        (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY') ||
        !delay
      )
        throw error;
      await sleep(delay);
    }
  }
}

/** Flushes the folder entry too (POSIX), so the rename itself survives a power cut. Best effort. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const dir = await open(folder, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some file systems refuse to fsync a folder; the file itself is already on disk.
  }
}

/**
 * Replaces `target` with `data` atomically. `data` may be a stream of chunks (an async iterable,
 * such as a zip library's output), written as it comes. On any failure the temporary file is
 * removed and the previous file, if any, is left as it was; what a killed write left beside the
 * target is removed by the next write to it.
 */
export async function writeFileAtomic(target: string, data: AtomicData): Promise<void> {
  await removeAbandonedTemps(target);
  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx', 0o644);
  let done = false;
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) {
      await handle.writeFile(data);
    } else {
      // writeFile on a handle continues from the current position and loops over short writes.
      for await (const chunk of data) await handle.writeFile(chunk);
    }
    await handle.sync();
    await handle.close();
    done = true;
    await renameWithRetry(temp, target);
  } catch (error) {
    if (!done) await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(path.dirname(target));
}

/**
 * Removes temporary files that a killed write left in `folder`, once they are older than
 * `olderThanMs` (so a write still under way in another process is never touched). Best effort:
 * answers how many were removed.
 */
export async function removeStaleTemps(folder: string, olderThanMs = 60 * 60 * 1000): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return 0;
  }
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const file = path.join(folder, name);
    try {
      const info = await stat(file);
      if (info.isFile() && now - info.mtimeMs >= olderThanMs) {
        await unlink(file);
        removed++;
      }
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}
