/**
 * Which frames may call the main process: our own page only. A frame that navigated elsewhere, an
 * embedded frame or any other page gets nothing, whatever it sends.
 */
import { pathToFileURL } from 'node:url';

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

function withoutFragment(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** True when `url` is our page: the exact index.html file, or any page on the dev server's origin. */
export function isTrustedUrl(url: string, page: TrustedPage): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (page.indexFile !== null && parsed.protocol === 'file:') {
    return withoutFragment(parsed) === withoutFragment(pathToFileURL(page.indexFile));
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
export function isTrustedSender(frame: SenderFrame | null | undefined, page: TrustedPage): boolean {
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  return isTrustedUrl(frame.url, page);
}
