/**
 * What electron-builder really puts in the package, checked by running it: on a copy of the
 * project (the real worker bundles, stand-ins for the rest of out/, decoy sources beside them) and with a stand-in
 * Electron distribution, since Electron's own binary is downloaded only where installers are built.
 * The stand-in binary carries a fuse wire, so the fuses electron-builder flips are checked too, for
 * the release build and for the launch-test build the release workflow makes with one override.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Arch, Platform, build } from 'electron-builder';
import {
  FUSES,
  SENTINEL,
  fuseMismatches,
  readFusesOfFile,
  wantedFuses,
} from '../../scripts/packaged-fuses.mjs';
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
  const electronDist = join(tmp, 'electron-dist');
  const resources = join(tmp, 'dist', 'linux-unpacked', 'resources');
  let entries: string[] = [];
  const workers = readdirSync(join(projectDir, 'out/worker')).filter((f) => f.endsWith('.js'));

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

    // Electron ships with every fuse in its wire on.
    mkdirSync(electronDist, { recursive: true });
    writeFileSync(
      join(electronDist, 'electron'),
      Buffer.concat([
        Buffer.alloc(512, 0xcc),
        Buffer.from(SENTINEL, 'latin1'),
        Buffer.from([1, FUSES.length]),
        Buffer.alloc(FUSES.length, 0x31),
        Buffer.alloc(512, 0xcc),
      ]),
    );
    write(join(electronDist, 'LICENSE'), '\n');

    await build({
      projectDir: app,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      config: {
        electronDist,
        electronVersion,
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

  it('puts every worker thread beside the asar, where a worker thread can load it', () => {
    expect(workers.sort()).toEqual(expect.arrayContaining(['engine-worker.js']));
    for (const file of workers)
      expect(readFileSync(join(resources, 'app.asar.unpacked/out/worker', file), 'utf8'), file).toBe(
        readFileSync(join(projectDir, 'out/worker', file), 'utf8'),
      );
  });

  it('starts every unpacked worker as an ES module with everything it loads at hand', async () => {
    // No package.json above app.asar.unpacked says "type": "module": Node (20.19+, and Electron's
    // 22) recognises the import syntax. Started without a setup, each worker stops at reading it;
    // what must not happen is a failure to load (syntax, a missing package, a require() in ESM).
    for (const file of workers) {
      const worker = new Worker(join(resources, 'app.asar.unpacked/out/worker', file));
      const error = await new Promise<Error | null>((done) => {
        worker.once('error', done);
        setTimeout(() => done(null), 1500);
      });
      await worker.terminate();
      expect(`${error?.name}: ${error?.message}`, file).not.toMatch(
        /SyntaxError|outside a module|Dynamic require|Cannot find (package|module)|require is not defined/,
      );
    }
  });

  it('burns the fuses electron-builder.yml asks for into the binary', () => {
    const wanted = wantedFuses(readFileSync(join(projectDir, 'electron-builder.yml'), 'utf8'));
    const actual = readFusesOfFile(join(tmp, 'dist', 'linux-unpacked', 'socketclosetest'));
    expect(fuseMismatches(actual, wanted)).toEqual([]);
    expect(actual.enableNodeCliInspectArguments).toBe('off');
  });

  it('makes the launch-test build with the release workflow’s override: only --inspect differs', () => {
    // The same command line as the workflow's "Build the launch-test app" step, for Linux.
    const cli = join(projectDir, 'node_modules/electron-builder/cli.js');
    execFileSync(
      process.execPath,
      [
        cli,
        '--linux',
        'dir',
        '--publish',
        'never',
        '--config.electronFuses.enableNodeCliInspectArguments=true',
        `--config.directories.output=${join(tmp, 'dist-e2e')}`,
        `--config.electronDist=${electronDist}`,
        `--config.electronVersion=${electronVersion}`,
      ],
      { cwd: app, stdio: 'pipe' },
    );
    const release = readFusesOfFile(join(tmp, 'dist', 'linux-unpacked', 'socketclosetest'));
    const launch = readFusesOfFile(join(tmp, 'dist-e2e', 'linux-unpacked', 'socketclosetest'));
    expect(launch).toEqual({ ...release, enableNodeCliInspectArguments: 'on' });
  }, 120_000);
});
