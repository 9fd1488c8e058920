import { describe, expect, it } from 'vitest';
import { isTrustedSender, isTrustedUrl } from '../../../../src/main/electron/ipc/sender-check';

// Paths and URLs are written out for each platform's rules, so every case means the same on any OS.
const posixIndex = '/opt/SocketCloseTest/resources/app.asar/out/renderer/index.html';
const posixPage = { indexFile: posixIndex, devServerUrl: null };
const posixUrl = 'file:///opt/SocketCloseTest/resources/app.asar/out/renderer/index.html';

const winIndex = 'c:\\Program Files\\SocketCloseTest\\resources\\app.asar\\out\\renderer\\index.html';
const winPage = { indexFile: winIndex, devServerUrl: null };
/** What Chromium shows for winIndex: the drive letter upper-cased, the space escaped. */
const winUrl = 'file:///C:/Program%20Files/SocketCloseTest/resources/app.asar/out/renderer/index.html';

describe('isTrustedUrl on POSIX', () => {
  it('accepts our own index.html, with or without a fragment or query', () => {
    expect(isTrustedUrl(posixUrl, posixPage, 'linux')).toBe(true);
    expect(isTrustedUrl(`${posixUrl}#/history`, posixPage, 'linux')).toBe(true);
    expect(isTrustedUrl(`${posixUrl}?x=1`, posixPage, 'darwin')).toBe(true);
    expect(
      isTrustedUrl(
        'file://localhost/opt/SocketCloseTest/resources/app.asar/out/renderer/index.html',
        posixPage,
        'linux',
      ),
    ).toBe(true);
  });

  it('accepts a path with %, spaces and non-ASCII letters, however the URL escapes them', () => {
    const page = { indexFile: '/home/ana maría/100% sure/ü/index.html', devServerUrl: null };
    expect(isTrustedUrl('file:///home/ana%20mar%C3%ADa/100%25%20sure/%C3%BC/index.html', page, 'linux')).toBe(
      true,
    );
    expect(isTrustedUrl('file:///home/ana mar%C3%ADa/100%25 sure/ü/index.html', page, 'linux')).toBe(true);
    expect(isTrustedUrl('file:///home/ana%20maria/100%25%20sure/u/index.html', page, 'linux')).toBe(false);
  });

  it('refuses other files, other case, other hosts, other schemes and garbage', () => {
    expect(isTrustedUrl('file:///tmp/evil.html', posixPage, 'linux')).toBe(false);
    expect(isTrustedUrl(posixUrl.replace('index.html', 'other.html'), posixPage, 'linux')).toBe(false);
    expect(isTrustedUrl(posixUrl.replace('index.html', 'INDEX.html'), posixPage, 'linux')).toBe(false);
    expect(isTrustedUrl(posixUrl.replace('renderer/', 'renderer%2F'), posixPage, 'linux')).toBe(false);
    expect(isTrustedUrl(posixUrl.replace('file:///', 'file://evil.example/'), posixPage, 'linux')).toBe(
      false,
    );
    expect(isTrustedUrl('https://example.com/', posixPage, 'linux')).toBe(false);
    expect(isTrustedUrl('about:blank', posixPage, 'linux')).toBe(false);
    expect(isTrustedUrl('data:text/html,hi', posixPage, 'linux')).toBe(false);
    expect(isTrustedUrl('not a url', posixPage, 'linux')).toBe(false);
    expect(isTrustedUrl('', posixPage, 'linux')).toBe(false);
  });
});

describe('isTrustedUrl on Windows', () => {
  it('accepts our own index.html whatever the case of the drive letter', () => {
    expect(isTrustedUrl(winUrl, winPage, 'win32')).toBe(true);
    expect(isTrustedUrl(`${winUrl}#/history`, winPage, 'win32')).toBe(true);
    expect(isTrustedUrl(winUrl.replace('///C:', '///c:'), winPage, 'win32')).toBe(true);
    const upper = { indexFile: winIndex.replace('c:', 'C:'), devServerUrl: null };
    expect(isTrustedUrl(winUrl.replace('///C:', '///c:'), upper, 'win32')).toBe(true);
    expect(isTrustedUrl(winUrl.replace('Program%20Files', 'PROGRAM%20FILES'), winPage, 'win32')).toBe(true);
  });

  it('accepts a path with %, spaces and non-ASCII letters', () => {
    const page = { indexFile: 'c:\\Users\\Ana María\\100% sure\\ü\\index.html', devServerUrl: null };
    const url = 'file:///C:/Users/Ana%20Mar%C3%ADa/100%25%20sure/%C3%BC/index.html';
    expect(isTrustedUrl(url, page, 'win32')).toBe(true);
    expect(isTrustedUrl(url.replace('%C3%BC', 'u'), page, 'win32')).toBe(false);
  });

  it('accepts our index.html on a network share', () => {
    const page = { indexFile: '\\\\fileserver\\tools\\SocketCloseTest\\index.html', devServerUrl: null };
    expect(isTrustedUrl('file://fileserver/tools/SocketCloseTest/index.html', page, 'win32')).toBe(true);
    expect(isTrustedUrl('file://otherserver/tools/SocketCloseTest/index.html', page, 'win32')).toBe(false);
    expect(isTrustedUrl('file:///C:/tools/SocketCloseTest/index.html', page, 'win32')).toBe(false);
  });

  it('refuses another file, another drive, a share and escaped separators', () => {
    expect(isTrustedUrl(winUrl.replace('index.html', 'other.html'), winPage, 'win32')).toBe(false);
    expect(isTrustedUrl(winUrl.replace('///C:', '///D:'), winPage, 'win32')).toBe(false);
    expect(isTrustedUrl(winUrl.replace('file:///C:', 'file://evil'), winPage, 'win32')).toBe(false);
    expect(isTrustedUrl(winUrl.replace('renderer/', 'renderer%5C'), winPage, 'win32')).toBe(false);
    expect(isTrustedUrl('file:///C:/Users/Public/evil.html', winPage, 'win32')).toBe(false);
    expect(isTrustedUrl(posixUrl, winPage, 'win32')).toBe(false);
  });
});

describe('isTrustedUrl with a dev server', () => {
  it('accepts the dev server origin only when one is configured', () => {
    const dev = { indexFile: null, devServerUrl: 'http://localhost:5173/' };
    expect(isTrustedUrl('http://localhost:5173/', dev, 'linux')).toBe(true);
    expect(isTrustedUrl('http://localhost:5173/src/main.ts', dev, 'linux')).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev, 'linux')).toBe(false);
    expect(isTrustedUrl('http://evil.localhost:5173/', dev, 'linux')).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', posixPage, 'linux')).toBe(false);
    expect(isTrustedUrl(posixUrl, dev, 'linux')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('refuses a missing frame and any sub-frame, even one showing our page', () => {
    expect(isTrustedSender(null, posixPage, 'linux')).toBe(false);
    expect(isTrustedSender(undefined, posixPage, 'linux')).toBe(false);
    const top = { url: posixUrl, parent: null };
    expect(isTrustedSender(top, posixPage, 'linux')).toBe(true);
    expect(isTrustedSender({ url: posixUrl, parent: top }, posixPage, 'linux')).toBe(false);
    expect(isTrustedSender({ url: winUrl, parent: null }, winPage, 'win32')).toBe(true);
  });
});
