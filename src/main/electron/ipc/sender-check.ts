/**
 * Which frames may call the main process: our own page only. A frame that navigated elsewhere, an
 * embedded frame or any other page gets nothing, whatever it sends.
 */
import { posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TrustedPage {
  /** The built index.html on disk (production). */
  indexFile: string | null;
  /** The dev server's URL (development only), e.g. http://localhost:5173/. */
  devServerUrl: string | null;
}

/** The frame facts the check needs; Electron's WebFrameMain has them. */
export interface SenderFrame {
  url: string;
  /** null for a top-level frame. */
  parent: unknown;
}

/**
 * True when the file URL names `indexFile`. Compared as paths, not as URL strings: Chromium writes
 * the drive letter in upper case (file:///C:/...) while the app may have been started as c:\...,
 * and Chromium and Node escape characters such as `%`, spaces or non-ASCII letters differently.
 * Windows file names ignore case, so the comparison does too there. The query and fragment do not
 * change which file is shown, so they are ignored.
 */
function isSameFile(url: URL, indexFile: string, platform: NodeJS.Platform): boolean {
  const windows = platform === 'win32';
  let framePath: string;
  try {
    // Refuses what names no plain file: another host on POSIX, an escaped separator (%2F).
    framePath = fileURLToPath(url, { windows });
  } catch {
    return false;
  }
  if (!windows) return posix.normalize(framePath) === posix.normalize(indexFile);
  return win32.normalize(framePath).toLowerCase() === win32.normalize(indexFile).toLowerCase();
}

/**
 * True when `url` is our page: the exact index.html file, or any page on the dev server's origin.
 * `platform` decides how file paths compare; tests pass it to check Windows rules anywhere.
 */
export function isTrustedUrl(
  url: string,
  page: TrustedPage,
  platform: NodeJS.Platform = process.platform,
): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (page.indexFile !== null && parsed.protocol === 'file:') {
    return isSameFile(parsed, page.indexFile, platform);
  }
  if (page.devServerUrl !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
    try {
      return parsed.origin === new URL(page.devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}

/** Our page, loaded in a top-level frame. A missing frame (destroyed or navigated away) is refused. */
export function isTrustedSender(
  frame: SenderFrame | null | undefined,
  page: TrustedPage,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  return isTrustedUrl(frame.url, page, platform);
}
