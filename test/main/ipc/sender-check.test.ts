import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedSender, isTrustedUrl } from '../../../src/main/ipc/sender-check';

const indexFile = join('/opt', 'SocketCloseTest', 'resources', 'app.asar', 'out', 'renderer', 'index.html');
const page = { indexFile, devServerUrl: null };
const ownUrl = pathToFileURL(indexFile).href;

describe('isTrustedUrl', () => {
  it('accepts our own index.html, with or without a fragment or query', () => {
    expect(isTrustedUrl(ownUrl, page)).toBe(true);
    expect(isTrustedUrl(`${ownUrl}#/history`, page)).toBe(true);
    expect(isTrustedUrl(`${ownUrl}?x=1`, page)).toBe(true);
  });

  it('refuses other files, other schemes and garbage', () => {
    expect(isTrustedUrl(pathToFileURL('/tmp/evil.html').href, page)).toBe(false);
    expect(isTrustedUrl(pathToFileURL(join(indexFile, '..', 'other.html')).href, page)).toBe(false);
    expect(isTrustedUrl('https://example.com/', page)).toBe(false);
    expect(isTrustedUrl('about:blank', page)).toBe(false);
    expect(isTrustedUrl('data:text/html,hi', page)).toBe(false);
    expect(isTrustedUrl('not a url', page)).toBe(false);
    expect(isTrustedUrl('', page)).toBe(false);
  });

  it('accepts the dev server origin only when one is configured', () => {
    const dev = { indexFile: null, devServerUrl: 'http://localhost:5173/' };
    expect(isTrustedUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5173/src/main.ts', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('http://evil.localhost:5173/', dev)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', page)).toBe(false);
    expect(isTrustedUrl(ownUrl, dev)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('refuses a missing frame and any sub-frame, even one showing our page', () => {
    expect(isTrustedSender(null, page)).toBe(false);
    expect(isTrustedSender(undefined, page)).toBe(false);
    const top = { url: ownUrl, parent: null };
    expect(isTrustedSender(top, page)).toBe(true);
    expect(isTrustedSender({ url: ownUrl, parent: top }, page)).toBe(false);
  });
});
