import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runLogFile } from '../../../src/main/controller/records';
import { recoverRecords } from '../../../src/main/controller/recovery';
import { HistoryStore } from '../../../src/main/results/history';
import { RunLog } from '../../../src/main/results/run-log';
import { linuxDocument } from '../../fixtures/results/factory';
import { killedRunLogText } from '../../fixtures/results/killed-run-log';

const roots: string[] = [];
let dataDir: string;
let history: HistoryStore;
let lines: string[];
const logger = {
  info: (m: string) => lines.push(`info ${m}`),
  warn: (m: string) => lines.push(`warn ${m}`),
  error: (m: string) => lines.push(`error ${m}`),
};

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sct-recovery-'));
  roots.push(dataDir);
  await mkdir(join(dataDir, 'runs'));
  history = new HistoryStore(join(dataDir, 'history'));
  lines = [];
});
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function killedRunLog(name: string, errors: number): Promise<string> {
  const file = runLogFile(dataDir, name);
  await writeFile(file, killedRunLogText(errors));
  return file;
}

describe('recoverRecords at start', () => {
  it('saves a killed run into the history, interrupted, with exact counts, and deletes empty logs', async () => {
    await killedRunLog('8c0d3f5e-killed', 2500);
    await writeFile(runLogFile(dataDir, 'empty-file'), '');
    // What a start refused before the run log opened lazily left behind: a header and an end.
    const refused = new RunLog(runLogFile(dataDir, 'refused-start'));
    await refused.close();

    const result = await recoverRecords({ dataDir, history, logger });

    expect(result.recovered).toHaveLength(1);
    const id = result.recovered[0]!;
    expect(result.emptyDeleted.sort()).toEqual(
      [runLogFile(dataDir, 'empty-file'), runLogFile(dataDir, 'refused-start')].sort(),
    );
    expect(await history.list()).toEqual([
      expect.objectContaining({
        id,
        status: 'failed',
        summary: 'client: exhausted (interrupted: recovered from its run log)',
      }),
    ]);
    const run = (await history.load(id)).runs[0]!;
    expect(run.errorCounts).toEqual({ EADDRINUSE: 2500 });
    expect(run.errors.length + run.errorsOmitted).toBe(2500);
    // The log goes with the saved run, under its id, so the diagnostics bundle finds it.
    expect(await readdir(join(dataDir, 'runs'))).toEqual([`${id}.jsonl`]);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^info Recovered the run log .* as ${id}: 1 run\\(s\\), 2,500 error`)),
    );

    // A second start finds nothing more to do.
    expect(await recoverRecords({ dataDir, history, logger })).toEqual({
      recovered: [],
      emptyDeleted: [],
      removed: [],
    });
  });

  it('keeps the history within its count and size, newest first, with the run logs of what it removes', async () => {
    const ids: string[] = [];
    for (let hour = 10; hour < 16; hour++) {
      const id = await history.save({ ...linuxDocument(), createdAt: `2026-11-24T${hour}:00:00.000+00:00` });
      await writeFile(runLogFile(dataDir, id), 'x'.repeat(200_000));
      ids.push(id);
    }
    const newestFirst = [...ids].reverse();

    const byCount = await recoverRecords({ dataDir, history, logger, limits: { maxRuns: 4 } });
    expect(byCount.removed.map((e) => e.id)).toEqual(newestFirst.slice(4));
    expect((await history.list()).map((e) => e.id)).toEqual(newestFirst.slice(0, 4));
    expect((await readdir(join(dataDir, 'runs'))).sort()).toEqual(
      newestFirst
        .slice(0, 4)
        .map((id) => `${id}.jsonl`)
        .sort(),
    );
    expect(lines.at(-1)).toMatch(/^info Removed 2 old saved run\(s\) to keep the history within 4 runs/);

    // Each run is a little over 200 kB with its run log: 500 kB holds the newest two.
    const bySize = await recoverRecords({
      dataDir,
      history,
      logger,
      limits: { maxRuns: 10, maxBytes: 500_000 },
    });
    expect(bySize.removed.map((e) => e.id)).toEqual(newestFirst.slice(2, 4));
    expect((await history.list()).map((e) => e.id)).toEqual(newestFirst.slice(0, 2));

    // The newest run is kept even when it alone is over the limit.
    await recoverRecords({ dataDir, history, logger, limits: { maxRuns: 10, maxBytes: 1 } });
    expect((await history.list()).map((e) => e.id)).toEqual([newestFirst[0]]);
  });

  it('does nothing, and never throws, on a first start with no data folder yet', async () => {
    const fresh = join(dataDir, 'not-yet');
    const result = await recoverRecords({
      dataDir: fresh,
      history: new HistoryStore(join(fresh, 'history')),
      logger,
    });
    expect(result).toEqual({ recovered: [], emptyDeleted: [], removed: [] });
    expect(lines).toEqual([]);
  });
});
