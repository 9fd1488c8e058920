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

/**
 * Why a write failed, as the end of a sentence ("the disk is full"), for a message that names
 * the file its own way. Null when the error has no code worth a sentence of its own.
 */
export function writeFailureReason(error: unknown): string | null {
  switch (fsErrorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (the file may be open in another program, or the folder is read-only)';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    default:
      return null;
  }
}

/** Why writing `target` failed, in one sentence. */
export function describeWriteError(error: unknown, target: string): string {
  if (fsErrorCode(error) === 'ENOENT')
    return `Could not save ${target}: the folder ${path.dirname(target)} does not exist.`;
  const reason = writeFailureReason(error) ?? (error instanceof Error ? error.message : String(error));
  return `Could not save ${target}: ${reason}.`;
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
