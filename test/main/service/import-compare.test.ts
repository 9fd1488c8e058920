// The person who receives the files: the diagnostics .zip imports as it came, a wrong file says
// what it is, and the exports hold the imported machines shown beside this one.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SessionController } from '../../../src/main/controller/session-controller';
import { readMachineFacts } from '../../../src/main/engine/machine-facts';
import { HistoryStore } from '../../../src/main/results/history';
import { reportMarkdown } from '../../../src/main/results/markdown';
import { readResultsOrRunLogs } from '../../../src/main/results/results-or-run-logs';
import { ApiService } from '../../../src/main/service/api-service';
import type { DesktopPort, FileFilter } from '../../../src/main/service/desktop-port';
import { linuxDocument, windowsDocument } from '../../fixtures/results/factory';

class DesktopDouble implements DesktopPort {
  savePath: string | null = null;
  openPaths: string[] = [];
  openFilters: FileFilter[][] = [];
  saveDialogs = 0;
  chooseSavePath(): Promise<string | null> {
    this.saveDialogs++;
    return Promise.resolve(this.savePath);
  }
  chooseOpenPaths(options: { filters: FileFilter[] }): Promise<string[]> {
    this.openFilters.push(options.filters);
    return Promise.resolve(this.openPaths);
  }
  writeClipboard(): void {}
  openFolder(): Promise<string | null> {
    return Promise.resolve(null);
  }
}

let dir: string;
let desktop: DesktopDouble;
let history: HistoryStore;
let service: ApiService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sct-import-'));
  desktop = new DesktopDouble();
  history = new HistoryStore(join(dir, 'history'));
  const controller = new SessionController({
    dataDir: dir,
    system: () => readMachineFacts({ appVersion: 'test' }),
    app: { name: 'SocketCloseTest', version: 'test' },
    history: { save: () => 'unused' },
    openRunLog: () => ({ appendError: () => {}, appendRun: () => {}, close: () => {} }),
  });
  service = new ApiService({
    controller,
    history,
    desktop,
    logFolder: join(dir, 'logs'),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
});

describe('importing what people send back', () => {
  it('imports the diagnostics bundle the app saved, as it came', async () => {
    const id = await history.save(windowsDocument());
    desktop.savePath = join(dir, 'SocketCloseTest-DESKTOP-7Q2LM0-2026-11-24-0718.zip');
    expect(await service.saveBundle([id])).toEqual({ ok: true, value: desktop.savePath });

    desktop.openPaths = [desktop.savePath];
    expect(await service.importResults([])).toEqual({ ok: true, value: [windowsDocument()] });
    // The dialog offers the .zip first, and any other file (which is then said what it is).
    expect(desktop.openFilters.at(-1)?.[0]?.extensions).toEqual(['zip', 'json', 'jsonl']);
    expect(desktop.openFilters.at(-1)?.[1]?.extensions).toEqual(['*']);
  });

  it('says a Markdown report is not a results file, naming it, and imports nothing', async () => {
    const report = join(dir, 'results.md');
    const good = join(dir, 'linux.json');
    writeFileSync(report, reportMarkdown([windowsDocument()]));
    writeFileSync(good, JSON.stringify(linuxDocument()));
    desktop.openPaths = [good, report];
    expect(await service.importResults([])).toEqual({
      ok: false,
      error:
        'Nothing was imported. results.md is not a SocketCloseTest results file: it is a Markdown report, for reading: import the results .json or the diagnostics .zip instead. Choose only SocketCloseTest results files.',
    });
  });
});

describe('exports with imported results', () => {
  it('hold the imported machines after this one, in every format', async () => {
    const own = windowsDocument();
    const id = await history.save(own);
    const imported = [linuxDocument()];

    desktop.savePath = join(dir, 'both.json');
    expect(await service.exportResults(['json', id, imported])).toEqual({
      ok: true,
      value: desktop.savePath,
    });
    const json = JSON.parse(readFileSync(desktop.savePath, 'utf8')) as { kind: string };
    expect(json.kind).toBe('socketclosetest-comparison');
    // Read back as the machines it holds, in order: by Import and by compare alike.
    expect(await readResultsOrRunLogs([desktop.savePath])).toEqual({
      documents: [own, ...imported],
      problems: [],
    });

    desktop.savePath = join(dir, 'both.md');
    expect(await service.exportResults(['markdown', id, imported])).toMatchObject({ ok: true });
    expect(readFileSync(desktop.savePath, 'utf8')).toBe(reportMarkdown([own, ...imported]));

    desktop.savePath = join(dir, 'both.csv');
    expect(await service.exportResults(['csv', id, imported])).toMatchObject({ ok: true });
    const [header, ...rows] = readFileSync(desktop.savePath, 'utf8').trimEnd().split('\r\n');
    expect(header?.endsWith(',message,machine')).toBe(true);
    const errorCount = (d: typeof own) => d.runs.reduce((n, r) => n + r.errors.length, 0);
    expect(rows).toHaveLength(errorCount(own) + errorCount(linuxDocument()));
    expect(rows[0]).toMatch(/,Windows 11 Pro \(build 22631\) on DESKTOP-7Q2LM0$/);

    // Without imported results, this machine's file is what it always was.
    desktop.savePath = join(dir, 'own.json');
    expect(await service.exportResults(['json', id, []])).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(desktop.savePath, 'utf8'))).toEqual(own);
  });

  it('checks what the window sends before any dialog opens', async () => {
    const id = await history.save(windowsDocument());
    desktop.savePath = join(dir, 'forged.json');
    const forged = { ...linuxDocument(), runs: [{ mode: 'sideways' }] };
    const reply = await service.exportResults(['json', id, [forged]]);
    expect(reply).toEqual({
      ok: false,
      error: expect.stringMatching(/^Imported results 1 is damaged: runs\[0\]/),
    });
    expect(await service.exportResults(['json', id, 'all'])).toEqual({
      ok: false,
      error: 'The imported results must be a list.',
    });
    expect(desktop.saveDialogs).toBe(0);
    expect(existsSync(desktop.savePath)).toBe(false);
  });
});
