/**
 * The window's security fence, applied to every web contents and to the session: no navigation,
 * no new windows, no <webview>, no permissions, and a Content-Security-Policy header matching the
 * page's own meta tag. The page is a local file that talks to the main process only through the
 * preload, so it never needs any of these.
 */
import type { Session, WebContents } from 'electron';
import type { Logger } from '../logger';

/**
 * Kept identical to the meta tag in src/renderer/index.html (the header also covers the dev
 * server). One literal string, so security scanners can read and check it.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Denies every navigation, new window and webview of one web contents. */
export function guardWebContents(contents: WebContents, log: Logger): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log.warn(`Blocked navigation to ${url}.`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log.warn(`Blocked redirect to ${url}.`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('Blocked a webview.');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`Blocked a new window for ${url}.`);
    return { action: 'deny' };
  });
}

/** Denies every permission (camera, notifications, clipboard reads...) and adds the CSP header. */
export function hardenSession(session: Session, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`Denied the "${permission}" permission.`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}
