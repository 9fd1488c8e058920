/**
 * The fuse reader the release workflow uses on the packaged .exe, checked against @electron/fuses
 * (the library electron-builder flips fuses with) on a stand-in binary that carries a fuse wire.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUSES, SENTINEL, fuseMismatches, readFuses, wantedFuses } from '../../scripts/packaged-fuses.mjs';
import { projectDir } from './builder';

const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const fuses = builderRequire('@electron/fuses') as {
  flipFuses(path: string, config: Record<string, unknown>): Promise<number>;
  FuseVersion: { V1: string };
};

const configText = readFileSync(join(projectDir, 'electron-builder.yml'), 'utf8');

/** A file shaped like an Electron binary around its fuse wire: every fuse on, as Electron ships. */
function standInBinary(): Buffer {
  const wire = Buffer.concat([Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, FUSES.length])]);
  return Buffer.concat([
    Buffer.alloc(4096, 0xcc),
    wire,
    Buffer.alloc(FUSES.length, 0x31),
    Buffer.alloc(4096, 0xcc),
  ]);
}

describe('packaged-fuses', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sct-fuses-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads what electron-builder.yml asks for', () => {
    expect(wantedFuses(configText)).toEqual({
      runAsNode: 'off',
      enableNodeOptionsEnvironmentVariable: 'off',
      enableNodeCliInspectArguments: 'off',
      onlyLoadAppFromAsar: 'on',
      enableEmbeddedAsarIntegrityValidation: 'on',
    });
  });

  it('reads a wire flipped by @electron/fuses exactly as electron-builder flips it', async () => {
    const exe = join(tmp, 'SocketCloseTest');
    writeFileSync(exe, standInBinary());
    const wanted = wantedFuses(configText);
    const config: Record<string, unknown> = { version: fuses.FuseVersion.V1 };
    for (const [name, state] of Object.entries(wanted)) config[String(FUSES.indexOf(name))] = state === 'on';
    await fuses.flipFuses(exe, config);

    const actual = readFuses(readFileSync(exe));
    expect(fuseMismatches(actual, wanted)).toEqual([]);
    expect(actual.grantFileProtocolExtraPrivileges).toBe('on');
  });

  it('names each fuse that differs, in a sentence', () => {
    const actual = readFuses(standInBinary());
    expect(fuseMismatches(actual, { runAsNode: 'off', onlyLoadAppFromAsar: 'on' })).toEqual([
      'runAsNode is on, expected off.',
    ]);
  });

  it('says so when a file has no fuse wire', () => {
    expect(() => readFuses(Buffer.from('MZ not electron'))).toThrow(/no Electron fuse wire/);
  });
});
