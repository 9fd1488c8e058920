import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The packaged app loads its worker threads from app.asar.unpacked, where node_modules cannot be
// reached: a worker that imports a package would fail only in the installed app.
describe('the built worker threads', () => {
  const dir = 'out/worker';
  const workers = readdirSync(dir).filter((f) => f.endsWith('.js'));

  it('are the engine, the poller and the watch', () => {
    expect(workers.sort()).toEqual(['engine-worker.js', 'netstat-worker.js', 'watch-worker.js']);
  });

  it.each(workers)('%s imports nothing but Node’s own modules', (file) => {
    const code = readFileSync(join(dir, file), 'utf8');
    const specifiers = [
      ...code.matchAll(/(?:^|\n)\s*import\s[^;]*?from\s*["']([^"']+)["']|\brequire\(["']([^"']+)["']\)/g),
    ].map((m) => m[1] ?? m[2]);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !s!.startsWith('node:') && !builtinModules.includes(s!))).toEqual([]);
  });
});
