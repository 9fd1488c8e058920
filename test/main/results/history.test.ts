import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { HistoryError, HistoryStore, isHistoryId, newHistoryId } from '../../../src/main/results/history';
import { ResultsFileError } from '../../../src/main/results/schema';
import type { ResultsDocument } from '../../../src/shared/contract';
import { linuxDocument, stoppedDocument, windowsDocument } from '../../fixtures/results/factory';

const roots: string[] = [];
let dir: string;
let store: HistoryStore;

beforeEach(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sct-history-'));
  roots.push(root);
  dir = path.join(root, 'history');
  store = new HistoryStore(dir);
});
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe('ids', () => {
  it('makes ids that are safe file names and sort by time', () => {
    const a = newHistoryId(new Date(Date.UTC(2026, 10, 24, 7, 18, 4, 123)));
    expect(a).toMatch(/^20261124-071804-123-[0-9a-f]{6}$/);
    expect(isHistoryId(a)).toBe(true);
    expect(newHistoryId(new Date(Date.UTC(2026, 10, 24, 7, 18, 4, 124))) > a).toBe(true);
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      '..',
      '../20261124-071804-123-a1b2c3',
      'C:\\x',
      '20261124-071804-123-a1b2c3/..',
      '20261124-071804-123-A1B2C3',
      42,
      null,
    ])
      expect(isHistoryId(bad)).toBe(false);
  });
});

describe('HistoryStore', () => {
  it('lists nothing before the first save', async () => {
    expect(await store.list()).toEqual([]);
  });

  it('saves, lists newest first and loads back exactly what was saved', async () => {
    const older = windowsDocument();
    const newer = linuxDocument();
    const stopped = { ...stoppedDocument(), createdAt: '2026-11-24T09:00:00.000+01:00' };
    const idOld = await store.save(older);
    const idNew = await store.save(newer);
    const idStopped = await store.save(stopped);
    const list = await store.list();
    expect(list.map((e) => e.id)).toEqual([idStopped, idNew, idOld]);
    expect(list[2]).toEqual({
      id: idOld,
      createdAt: older.createdAt,
      status: 'complete',
      modes: ['any', 'client', 'server', 'simultaneous', 'graceful'],
      summary: 'any: exhausted, client: exhausted, server: ok, simultaneous: exhausted, graceful: reset',
    });
    expect(list[0]).toMatchObject({ status: 'stopped', summary: 'any: ok, client: ok (stopped early)' });
    expect(await store.load(idOld)).toEqual(older);
    expect(await store.load(idStopped)).toEqual(stopped);
  });

  it('refuses to save a document that could not be opened again', async () => {
    const bad = {
      ...linuxDocument(),
      runs: [{ ...linuxDocument().runs[0]!, connections: -1 }],
    } as ResultsDocument;
    await expect(store.save(bad)).rejects.toThrow(
      'The run could not be saved: The results file is damaged: runs[0].connections is out of range.',
    );
  });

  it('skips unreadable files without failing the list', async () => {
    const id = await store.save(linuxDocument());
    const junk = '20200101-000000-000-abcdef';
    await writeFile(
      path.join(dir, `${junk}.json`),
      '{"kind":"socketclosetest-results","schemaVersion":1,"runs":[',
    );
    await writeFile(
      path.join(dir, '20200101-000000-000-bbbbbb.json'),
      JSON.stringify({ ...linuxDocument(), schemaVersion: 9 }),
    );
    await writeFile(path.join(dir, 'notes.json'), '{}');
    await writeFile(path.join(dir, 'README.txt'), 'hello');
    expect((await store.list()).map((e) => e.id)).toEqual([id]);
    await expect(store.load(junk)).rejects.toBeInstanceOf(ResultsFileError);
    await expect(store.load(junk)).rejects.toThrow(`${junk}.json is cut short`);
  });

  it('rebuilds a missing or damaged summary from the results file', async () => {
    const id = await store.save(windowsDocument());
    const expected = await store.list();
    await writeFile(path.join(dir, `${id}.entry.json`), '{"id":"../../x"');
    expect(await store.list()).toEqual(expected);
    await rm(path.join(dir, `${id}.entry.json`));
    expect(await store.list()).toEqual(expected);
    expect(await readdir(dir)).toContain(`${id}.entry.json`);
  });

  it('refuses ids that are not its own, before touching the disk', async () => {
    for (const bad of ['../../etc/passwd', '..\\..\\Windows\\win.ini', '/etc/passwd', ''])
      await expect(store.load(bad)).rejects.toThrow(new HistoryError('That is not a saved run.'));
    await expect(store.remove('../x')).rejects.toThrow('That is not a saved run.');
  });

  it('says when a saved run is gone', async () => {
    const id = await store.save(linuxDocument());
    await store.remove(id);
    await store.remove(id);
    await expect(store.load(id)).rejects.toThrow('That saved run no longer exists.');
    expect(await store.list()).toEqual([]);
  });

  it('prunes all but the newest runs', async () => {
    const ids: string[] = [];
    for (let hour = 10; hour < 14; hour++)
      ids.push(await store.save({ ...linuxDocument(), createdAt: `2026-11-24T${hour}:00:00.000+00:00` }));
    expect(await store.prune(2)).toBe(2);
    expect((await store.list()).map((e) => e.id)).toEqual([ids[3], ids[2]]);
    expect(await store.prune(5)).toBe(0);
    await expect(store.prune(-1)).rejects.toThrow('The number of runs to keep must be a whole number.');
  });
});
