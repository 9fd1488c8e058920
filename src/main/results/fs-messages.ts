/**
 * Plain sentences for file-system failures, so a person sees "The folder C:\x does not exist"
 * rather than "ENOENT: no such file or directory, open ...".
 */
import path from 'node:path';

/** The `code` of a Node file-system error (ENOENT, EACCES...), when it has one. */
export function fsErrorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/** Why writing `target` failed, in one sentence. */
export function describeWriteError(error: unknown, target: string): string {
  const folder = path.dirname(target);
  switch (fsErrorCode(error)) {
    case 'ENOENT':
      return `Could not save ${target}: the folder ${folder} does not exist.`;
    case 'EACCES':
    case 'EPERM':
      return `Could not save ${target}: permission denied (the file may be open in another program, or the folder is read-only).`;
    case 'ENOSPC':
      return `Could not save ${target}: the disk is full.`;
    case 'EROFS':
      return `Could not save ${target}: the disk is read-only.`;
    case 'EISDIR':
      return `Could not save ${target}: it is a folder.`;
    case 'ENOTDIR':
      return `Could not save ${target}: part of the path is a file, not a folder.`;
    default:
      return `Could not save ${target}: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

/** Why reading `source` failed, in one sentence. */
export function describeReadError(error: unknown, source: string): string {
  switch (fsErrorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `${source} was not found.`;
    case 'EACCES':
    case 'EPERM':
      return `${source} could not be read: permission denied.`;
    case 'EISDIR':
      return `${source} is a folder, not a results file.`;
    default:
      return `${source} could not be read: ${error instanceof Error ? error.message : String(error)}.`;
  }
}
