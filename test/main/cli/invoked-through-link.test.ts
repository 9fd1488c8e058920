import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Built by the test setup (scripts/build-node.mjs).
const builtCli = fileURLToPath(new URL('../../../out/cli/', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'sct-cli-link-'));
const linked = join(folder, 'linked-cli');
// A junction on Windows (no privilege needed), a plain symlink elsewhere: what npm link makes.
symlinkSync(builtCli, linked, 'junction');

afterAll(() => {
  unlinkSync(linked);
  rmSync(folder, { recursive: true, force: true });
});

function runCli(script: string, ...args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout };
}

describe('the built command line', () => {
  it('runs when started through a symlink or junction, as after npm link or a global install', () => {
    const { status, stdout } = runCli(join(linked, 'index.js'), '--help');
    expect(stdout).toMatch(/^Usage: socketclosetest <mode> \[options\]/);
    expect(status).toBe(0);
  });

  it('runs when started by its own path', () => {
    const { status, stdout } = runCli(join(builtCli, 'index.js'), '--help');
    expect(stdout).toMatch(/^Usage: socketclosetest/);
    expect(status).toBe(0);
  });
});
