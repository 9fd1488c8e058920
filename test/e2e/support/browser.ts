/** A Chromium-family browser through playwright-core: the renderer in a real browser engine, as in Electron. */
import { chromium, type Browser } from 'playwright-core';
import { findBrowser } from '../../../scripts/test-tools.mjs';

export async function launchChromium(): Promise<Browser> {
  // npm test finds (or installs) one first and names it in SCT_CHROMIUM; a run of this file alone looks itself.
  const browser = findBrowser();
  if (!browser || 'error' in browser)
    throw new Error(
      `${browser?.error ?? 'No Chromium, Chrome or Edge was found.'} Run npm test, which installs Debian's chromium as root, or set SCT_CHROMIUM.`,
    );
  return chromium.launch({
    executablePath: browser.path,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}
