/**
 * npm start fetches Electron's binary before electron-vite looks for it, and says in one sentence
 * why it could not. The script runs as a real process against a project folder whose electron
 * package has a stand-in install.js (the real one downloads about 100 MB).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectDir } from './builder';

const script = join(projectDir, 'scripts', 'ensure-electron.mjs');
const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

/** A project folder with node_modules/electron whose install.js runs `installScript`. */
function project(installScript: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'sct-electron-'));
  folders.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"name":"p","version":"1.0.0"}');
  if (installScript === null) return dir;
  const electron = join(dir, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(join(electron, 'package.json'), '{"name":"electron","version":"45.9.9","main":"index.js"}');
  writeFileSync(join(electron, 'install.js'), installScript);
  return dir;
}

const FAILS = `console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13\\n    at async download (x.js:1:1)'); process.exit(1);`;
const FETCHES = `const fs = require('fs'); const path = require('path');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
fs.appendFileSync(path.join(__dirname, 'fetches.log'), 'fetched\\n');`;

function run(cwd: string) {
  const r = spawnSync(process.execPath, [script], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm start: Electron’s binary', () => {
  it('is fetched when missing, and not fetched again once it is there', () => {
    const dir = project(FETCHES);
    const first = run(dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Downloading Electron 45.9.9');
    expect(existsSync(join(dir, 'node_modules/electron/dist/electron'))).toBe(true);

    const second = run(dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(readFileSync(join(dir, 'node_modules/electron/fetches.log'), 'utf8')).toBe('fetched\n');
  });

  it('that cannot be fetched gives one sentence with the reason and what to do, no stack trace', () => {
    const r = run(project(FAILS));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Could not download Electron 45\.9\.9, which runs the app \(fetch failed\): /);
    expect(lines[0]).toContain('internet connection');
    expect(r.stderr).not.toMatch(/\bat /);
    expect(r.stderr).not.toContain('TypeError');
  });

  it('that the installer says it fetched but did not unpack is still a failure', () => {
    const r = run(project('process.exit(0);'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Could not download Electron 45.9.9');
  });

  it('without node_modules asks for npm ci first', () => {
    const r = run(project(null));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Electron is not installed in this folder: run "npm ci" first, then "npm start" again.',
    );
  });

  it('is ensured by npm start and npm run dev before electron-vite runs', () => {
    const { scripts } = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const name of ['start', 'dev']) {
      expect(scripts[name]).toMatch(/^node scripts\/ensure-electron\.mjs && .*electron-vite \w+$/);
    }
  });
});
