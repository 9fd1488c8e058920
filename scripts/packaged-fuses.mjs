// Reads the fuse wire burnt into a packaged Electron binary, so the release workflow can prove that
// the installers' app has the fuses electron-builder.yml asks for (and the launch-test build differs
// only where it must). The layout is @electron/fuses' own: a sentinel, the wire's version and
// length, then one byte per fuse.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Fuse names in wire order, spelt as electron-builder.yml's electronFuses spells them. */
export const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];

const STATES = { 0x30: 'off', 0x31: 'on', 0x72: 'removed', 0x90: 'inherit' };

/** The state of each fuse the binary has: 'on', 'off', 'removed' or 'inherit'. */
export function readFuses(binary) {
  const at = binary.indexOf(SENTINEL, 0, 'latin1');
  if (at < 0) throw new Error('This file has no Electron fuse wire: is it the packaged app?');
  const wire = at + SENTINEL.length;
  if (binary[wire] !== 1) throw new Error(`Unknown fuse wire version ${binary[wire]}.`);
  const length = binary[wire + 1] ?? 0;
  const fuses = {};
  for (let i = 0; i < length; i++) {
    const byte = binary[wire + 2 + i] ?? -1;
    fuses[FUSES[i] ?? `fuse${i}`] = STATES[byte] ?? `unknown (0x${byte.toString(16)})`;
  }
  return fuses;
}

/** electron-builder.yml's electronFuses as wanted states ('on'/'off'); unset fuses are left out. */
export function wantedFuses(configText) {
  const config = parse(configText);
  const wanted = {};
  for (const [name, value] of Object.entries(config?.electronFuses ?? {}))
    if (FUSES.includes(name)) wanted[name] = value ? 'on' : 'off';
  return wanted;
}

/** One sentence per fuse that is not as wanted; empty when all match. */
export function fuseMismatches(actual, wanted) {
  return Object.entries(wanted)
    .filter(([name, state]) => actual[name] !== state)
    .map(([name, state]) => `${name} is ${actual[name] ?? 'missing'}, expected ${state}.`);
}

export function readFusesOfFile(path) {
  return readFuses(readFileSync(path));
}
