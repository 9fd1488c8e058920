/**
 * A disk that is really full, not a stand-in error: Linux only, as root, because it mounts a tiny
 * tmpfs in a private mount namespace (`unshare -m`), which neither Windows nor macOS can do.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const canMount =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['-m', 'true']).status === 0;

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe.skipIf(!canMount)('saving on a full disk (Linux, root: a tiny tmpfs)', () => {
  it('says the disk is full and where every error still is', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sct-disk-full-'));
    roots.push(root);
    const disk = path.join(root, 'disk');
    const entry = path.join(root, 'keep.ts');
    await writeFile(
      entry,
      `import { openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { Records } from ${JSON.stringify(path.resolve('src/main/controller/records'))};
import { HistoryStore } from ${JSON.stringify(path.resolve('src/main/results/history'))};
import { RunLog } from ${JSON.stringify(path.resolve('src/main/results/run-log'))};
import { windowsDocument } from ${JSON.stringify(path.resolve('test/fixtures/results/factory'))};
async function main() {
  const dataDir = process.argv[2];
  const quiet = { info() {}, warn() {}, error() {} };
  const history = new HistoryStore(join(dataDir, 'history'));
  const record = new Records({ dataDir, openRunLog: (p) => new RunLog(p), history, logger: quiet }).open('s1');
  const document = windowsDocument();
  record.log.appendRun(document.runs[2]);
  await (record.log as RunLog).flush();
  // Fill what is left of the disk.
  const filler = openSync(join(dataDir, 'filler'), 'w');
  const block = Buffer.alloc(4096);
  try { for (;;) writeSync(filler, block); } catch {}
  closeSync(filler);
  process.stdout.write(JSON.stringify(await record.keep(document)));
}
void main();
`,
    );
    const script = path.join(root, 'keep.cjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'warning',
    });
    const ran = spawnSync(
      'unshare',
      [
        '-m',
        'sh',
        '-c',
        'mkdir -p "$1" && mount -t tmpfs -o size=256k tmpfs "$1" && "$2" "$3" "$1"',
        'sh',
        disk,
        process.execPath,
        script,
      ],
      { encoding: 'utf8' },
    );
    expect(ran.stderr).toBe('');
    const kept = JSON.parse(ran.stdout) as { historyId: string | null; notSaved: string; runLog: string };
    expect(kept.historyId).toBeNull();
    expect(kept.notSaved).toMatch(
      /^The results could not be saved to the history folder: the disk is full\. /,
    );
    expect(kept.notSaved).toContain(`run log ${path.join(disk, 'runs', 's1.jsonl')}`);
  });
});
