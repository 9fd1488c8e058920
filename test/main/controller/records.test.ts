import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Records, runLogFile, type HistoryLike } from '../../../src/main/controller/records';
import { RunLog } from '../../../src/main/results/run-log';
import { windowsDocument } from '../../fixtures/results/factory';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function records(history: HistoryLike | null) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sct-records-'));
  folders.push(dataDir);
  const warnings: string[] = [];
  const keeper = new Records({
    dataDir,
    openRunLog: (path) => new RunLog(path),
    history,
    logger: { info: () => {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
  });
  return { dataDir, keeper, warnings };
}

describe('Records', () => {
  it('keeps a run log under runs/, named after the session, then after the saved results', async () => {
    const { dataDir, keeper } = records({ save: () => '20261124-071804-123-a1b2c3' });
    const record = keeper.open('session-1');
    const document = windowsDocument();
    record.log.appendRun(document.runs[0]!);
    expect(existsSync(join(dataDir, 'runs'))).toBe(true);
    const kept = await record.keep(document);
    expect(kept).toEqual({
      historyId: '20261124-071804-123-a1b2c3',
      runLog: runLogFile(dataDir, '20261124-071804-123-a1b2c3'),
      notSaved: null,
      logIncomplete: null,
    });
    expect(existsSync(runLogFile(dataDir, 'session-1'))).toBe(false);
    expect(readFileSync(kept.runLog, 'utf8')).toContain('"type":"run"');
  });

  it('leaves the run log under the session name when nothing is saved', async () => {
    const { dataDir, keeper } = records(null);
    const record = keeper.open('session-2');
    record.log.appendRun(windowsDocument().runs[0]!);
    const kept = await record.keep(windowsDocument());
    expect(kept).toMatchObject({ historyId: null, notSaved: null, runLog: runLogFile(dataDir, 'session-2') });
    expect(existsSync(kept.runLog)).toBe(true);
  });

  it('says precisely why the results were not saved, and where every error still is', async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const { dataDir, keeper, warnings } = records({ save: () => Promise.reject(full) });
    const record = keeper.open('session-3');
    record.log.appendRun(windowsDocument().runs[0]!);
    const kept = await record.keep(windowsDocument());
    const runLog = runLogFile(dataDir, 'session-3');
    expect(kept).toEqual({
      historyId: null,
      notSaved: `The results could not be saved to the history folder: the disk is full. Every error is still in the run log ${runLog}.`,
      runLog,
      logIncomplete: null,
    });
    expect(readFileSync(runLog, 'utf8')).toContain('"type":"run"');
    expect(warnings).toEqual(['The results could not be saved.']);
  });

  it('opens no run log until something is written, and deletes one a refused start opened', async () => {
    const { dataDir, keeper } = records(null);
    await keeper.open('refused').discard();
    expect(existsSync(join(dataDir, 'runs'))).toBe(false);
    const record = keeper.open('refused-late');
    record.log.appendError(windowsDocument().runs[0]!.errors[0]!);
    await record.discard();
    expect(readdirSync(join(dataDir, 'runs'))).toEqual([]);
  });
});
