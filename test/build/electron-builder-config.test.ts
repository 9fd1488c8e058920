/**
 * electron-builder.yml against electron-builder's own schema, and the packaging choices the
 * people receiving the installer depend on: no administrator prompt, names without spaces, the
 * fuses, and the engine's worker outside the asar.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Configuration, TargetConfiguration } from 'electron-builder';
import { loadConfig, projectDir, validateConfig } from './builder';

const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
  name: string;
  productName: string;
  version: string;
  main: string;
};

/** The target names of a platform section, whatever form each entry takes. */
function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : [target];
  return list.map((t: string | TargetConfiguration) => (typeof t === 'string' ? t : t.target));
}

/** An artifact name as electron-builder expands it, for the values this project has. */
function expand(template: string, ext: string): string {
  const values: Record<string, string> = {
    name: pkg.name,
    productName: pkg.productName,
    version: pkg.version,
    arch: 'x64',
    ext,
    os: 'win',
  };
  return template.replace(/\$\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

describe('electron-builder.yml', async () => {
  const config: Configuration = await loadConfig();

  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfig(config)).resolves.toBeUndefined();
  });

  it('is really checked: a misspelt option is refused with electron-builder’s message', async () => {
    const broken = structuredClone(config) as Configuration & { nsis: Record<string, unknown> };
    broken.nsis.oneClik = true;
    await expect(validateConfig(broken)).rejects.toThrow(/configuration\.nsis/);
  });

  it('names the product and the app id', () => {
    expect(config.productName).toBe('SocketCloseTest');
    expect(config.productName).toBe(pkg.productName);
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
  });

  it('burns the fuses that keep the packaged app from running other code', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // The window is loaded from file://; its module scripts need the privileges this fuse grants.
    expect(config.electronFuses?.grantFileProtocolExtraPrivileges).not.toBe(false);
  });

  it('builds a one-click, per-user NSIS installer and a portable .exe for Windows', () => {
    expect(targetNames(config.win?.target)).toEqual(['nsis', 'portable']);
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, allowElevation: false });
    expect(config.portable?.requestExecutionLevel).toBe('user');
  });

  it('builds an AppImage and a deb for Linux, and a dmg for macOS', () => {
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    // Ad hoc signing after the fuses are flipped, or Apple silicon refuses the edited binary.
    expect(config.mac).toMatchObject({ identity: '-', hardenedRuntime: false });
    // deb refuses to build without a maintainer (package.json's author has no e-mail address).
    expect(config.linux?.maintainer).toMatch(/<[^@\s]+@[^@\s]+>$/);
  });

  it('gives every artifact a name without spaces, and no two the same', () => {
    const artifacts = [
      expand(config.nsis?.artifactName ?? '', 'exe'),
      expand(config.portable?.artifactName ?? '', 'exe'),
      expand(config.linux?.artifactName ?? '', 'AppImage'),
      expand(config.linux?.artifactName ?? '', 'deb'),
      expand(config.dmg?.artifactName ?? '', 'dmg'),
    ];
    for (const name of artifacts) {
      expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(name).not.toContain('${');
    }
    expect(new Set(artifacts).size).toBe(artifacts.length);
    expect(artifacts[0]).toBe(`SocketCloseTest-${pkg.version}-setup-x64.exe`);
  });

  it('packs the built app only, with the engine’s worker outside the asar', () => {
    expect(config.asarUnpack).toContain('out/worker/**');
    expect(config.asar).not.toBe(false);
    const files = (config.files as { filter: string[] }[]).flatMap((f) => f.filter);
    expect(files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    for (const dir of ['src', 'test', 'scripts', 'docs', 'build'])
      expect(files.some((f) => !f.startsWith('!') && f.startsWith(dir))).toBe(false);
    expect(pkg.main.startsWith('out/')).toBe(true);
  });

  it('never publishes from a build: the workflow uploads artifacts instead', () => {
    expect(config.publish).toBeNull();
  });

  it('points each platform at an icon made from build/icon.svg', () => {
    expect(config.win?.icon).toBe('build/icon.ico');
    expect(config.mac?.icon).toBe('build/icon.icns');
    expect(config.linux?.icon).toBe('build/icon.png');
  });
});
