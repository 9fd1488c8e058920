/**
 * What electron-builder really puts in the package, checked by running it: on a copy of the
 * project (with stand-in bundles under out/ and decoy sources beside them) and with a stand-in
 * Electron distribution, since Electron's own binary is downloaded only where installers are built.
 * Fuses are flipped in the real binary there; everything else (files, asar, asarUnpack) is the same.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Arch, Platform, build } from 'electron-builder';
import { projectDir } from './builder';

const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const asar = builderRequire('@electron/asar') as { listPackage(archive: string): string[] };

const electronVersion = (
  JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

describe('the packaged app', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sct-pack-'));
  const app = join(tmp, 'app');
  const resources = join(tmp, 'dist', 'linux-unpacked', 'resources');
  let entries: string[] = [];

  beforeAll(async () => {
    for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml'])
      cpSync(join(projectDir, file), join(app, file));
    cpSync(join(projectDir, 'build'), join(app, 'build'), { recursive: true });
    symlinkSync(join(projectDir, 'node_modules'), join(app, 'node_modules'), 'junction');
    // The worker is the real bundle (the tests' global setup builds it); the rest stand in.
    cpSync(join(projectDir, 'out/worker'), join(app, 'out/worker'), { recursive: true });
    write(join(app, 'out/main/index.js'), 'export {};\n');
    write(join(app, 'out/main/index.js.map'), '{}\n');
    write(join(app, 'out/preload/index.cjs'), '\n');
    write(join(app, 'out/renderer/index.html'), '<!doctype html>\n');
    for (const decoy of ['src/main/index.ts', 'test/a.test.ts', 'scripts/a.mjs', 'docs/a.md'])
      write(join(app, decoy), '\n');

    const electronDist = join(tmp, 'electron-dist');
    write(join(electronDist, 'electron'), '#!/bin/sh\n');
    write(join(electronDist, 'LICENSE'), '\n');

    await build({
      projectDir: app,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      config: {
        electronDist,
        electronVersion,
        // A stand-in binary has no fuse wire to flip.
        electronFuses: null,
        directories: { output: join(tmp, 'dist') },
      },
    });
    entries = asar.listPackage(join(resources, 'app.asar')).map((p) => p.replaceAll('\\', '/'));
  }, 120_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('holds the main, preload and renderer bundles and package.json in app.asar', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
      ]),
    );
  });

  it('holds the production dependencies and none of the development ones', () => {
    const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies)) expect(entries).toContain(`/node_modules/${dep}`);
    for (const dev of ['electron', 'vitest', 'svelte', 'electron-builder', 'typescript'])
      expect(entries).not.toContain(`/node_modules/${dev}`);
  });

  it('leaves sources, tests, scripts, docs and source maps out', () => {
    for (const dir of ['/src', '/test', '/scripts', '/docs', '/build'])
      expect(entries.filter((e) => e === dir || e.startsWith(`${dir}/`))).toEqual([]);
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
  });

  it('puts the engine’s worker beside the asar, where a worker thread can load it', () => {
    const worker = join(resources, 'app.asar.unpacked/out/worker/engine-worker.js');
    expect(readFileSync(worker, 'utf8')).toBe(
      readFileSync(join(projectDir, 'out/worker/engine-worker.js'), 'utf8'),
    );
  });

  it('ships a worker that needs nothing from node_modules (it could not reach app.asar)', () => {
    const source = readFileSync(join(projectDir, 'out/worker/engine-worker.js'), 'utf8');
    const specifiers = [
      ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
      ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
      ...source.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1] ?? '');
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !isBuiltin(s))).toEqual([]);
  });
});
