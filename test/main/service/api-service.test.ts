import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiService, exportBaseName } from '../../../src/main/service/api-service';
import { HistoryStore } from '../../../src/main/results/history';
import type { DesktopPort } from '../../../src/main/service/desktop-port';
import { SessionController } from '../../../src/main/controller/session-controller';
import { readMachineFacts } from '../../../src/main/engine/machine-facts';
import { parseResultsDocument } from '../../../src/main/results/schema';
import { linuxDocument, windowsDocument } from '../../fixtures/results/factory';

class DesktopDouble implements DesktopPort {
  savePath: string | null = null;
  openPaths: string[] = [];
  folderProblem: string | null = null;
  clipboard = '';
  saveDialogs: { title: string; defaultName: string; filters: unknown[] }[] = [];
  openedFolders: string[] = [];
  chooseSavePath(options: {
    title: string;
    defaultName: string;
    filters: unknown[];
  }): Promise<string | null> {
    this.saveDialogs.push(options);
    return Promise.resolve(this.savePath);
  }
  chooseOpenPaths(): Promise<string[]> {
    return Promise.resolve(this.openPaths);
  }
  writeClipboard(text: string): void {
    this.clipboard = text;
  }
  openFolder(path: string): Promise<string | null> {
    this.openedFolders.push(path);
    return Promise.resolve(this.folderProblem);
  }
}

let dir: string;
let desktop: DesktopDouble;
let history: HistoryStore;
let controller: SessionController;
let service: ApiService;
const errors: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sct-service-'));
  desktop = new DesktopDouble();
  history = new HistoryStore(join(dir, 'history'));
  controller = new SessionController({
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
    logFiles: [join(dir, 'logs', 'main.log'), join(dir, 'logs', 'main.old.log')],
    runLogOf: (id) => join(dir, 'runs', `${id}.jsonl`),
    logger: { info: () => {}, warn: () => {}, error: (m) => errors.push(m) },
  });
});

describe('ApiService: starting', () => {
  it('answers bad session settings with a clear sentence and starts nothing', async () => {
    const cases: [unknown[], string][] = [
      [[{ mode: 'sideways', port: 63201 }], 'Mode must be one of any, client, server'],
      [[{ mode: 'client', port: 0 }], 'Port must be a whole number from 1 to 65535 (got 0).'],
      [[{ mode: 'client', port: 70000 }], 'Port must be a whole number from 1 to 65535 (got 70000).'],
      [[{ mode: 'client', port: 63201, durationSec: -1 }], 'Duration must be a number of seconds from 0.1'],
      [[{ mode: 'client', port: '63201' }], 'Port must be a whole number from 1 to 65535 (got "63201").'],
      [[{ mode: 'client', port: 63201, force: 'yes' }], '"force" must be true or false'],
      [[], 'The session settings are missing.'],
      [['client'], 'The session settings are missing.'],
    ];
    for (const [args, message] of cases) {
      const reply = await service.start(args);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error).toContain(message);
    }
    const runAll = await service.runAll([{ modes: ['client', 'bogus'] }]);
    expect(runAll).toEqual({ ok: false, error: expect.stringContaining('Every mode must be one of') });
    expect(await service.runAll([{ modes: ['client'], port: -3 }])).toMatchObject({ ok: false });
    expect(controller.busy).toBe(false);
    expect((await service.getSnapshot([])).state).toBe('idle');
    expect(errors).toEqual([]);
  });

  it('stops when idle without complaint, and answers the machine facts', async () => {
    expect(await service.stop([])).toEqual({ ok: true, value: null });
    const system = await service.getSystemInfo([]);
    expect(system.platform).toBe(process.platform);
  });
});

describe('ApiService: results', () => {
  it('refuses a bad format or id before any dialog opens', async () => {
    const h1 = await history.save(windowsDocument());
    for (const [args, message] of [
      [['pdf', h1], 'The export format must be one of json, markdown, csv.'],
      [['json', '../../etc/passwd'], 'That results entry is not known.'],
      [['json', 42], 'That results entry is not known.'],
      [['json', '20261124-071804-123-abcdef'], 'That saved run no longer exists.'],
    ] as const) {
      const reply = await service.exportResults([...args]);
      expect(reply).toEqual({ ok: false, error: expect.stringContaining(message) });
    }
    expect(desktop.saveDialogs).toEqual([]);
    expect(await service.openHistory(['a/b'])).toEqual({
      ok: false,
      error: 'That results entry is not known.',
    });
  });

  it('says there is nothing to export before any test ran', async () => {
    expect(await service.exportResults(['json', null])).toEqual({
      ok: false,
      error: 'There are no results yet: run a test first.',
    });
    expect(await service.copyTable([null, []])).toEqual({
      ok: false,
      error: 'There are no results yet: run a test first.',
    });
  });

  it('exports each format through the save dialog, and nothing when cancelled', async () => {
    const doc = windowsDocument();
    const h1 = await history.save(doc);
    expect(await service.exportResults(['json', h1])).toEqual({ ok: true, value: null });

    for (const [format, ext] of [
      ['json', 'json'],
      ['markdown', 'md'],
      ['csv', 'csv'],
    ] as const) {
      desktop.savePath = join(dir, `out.${ext}`);
      expect(await service.exportResults([format, h1])).toEqual({ ok: true, value: desktop.savePath });
      expect(desktop.saveDialogs.at(-1)?.defaultName).toBe(`${exportBaseName(doc)}.${ext}`);
    }
    expect(parseResultsDocument(readFileSync(join(dir, 'out.json'), 'utf8'))).toEqual(doc);
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toContain('WSAEADDRINUSE');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').split('\n')[0]).toContain('code');
    expect(exportBaseName(doc)).toMatch(/^socketclosetest-DESKTOP-7Q2LM0-\d{4}-\d\d-\d\d-\d\d-\d\d$/);
  });

  it('answers a failed write with a plain sentence', async () => {
    const h1 = await history.save(windowsDocument());
    desktop.savePath = join(dir, 'no-such-folder', 'x.json');
    expect(await service.exportResults(['json', h1])).toEqual({
      ok: false,
      error: `Could not save ${desktop.savePath}: the folder ${join(dir, 'no-such-folder')} does not exist.`,
    });
  });

  it('copies the table of this machine and the imported ones, checking what the window sent', async () => {
    const h1 = await history.save(linuxDocument());
    expect(await service.copyTable([h1, [windowsDocument()]])).toEqual({ ok: true, value: null });
    expect(desktop.clipboard).toContain('WSAEADDRINUSE');
    expect(desktop.clipboard.split('\n')[0]).toMatch(/^\|/);

    desktop.clipboard = '';
    const forged = { ...windowsDocument(), runs: 'none' };
    const reply = await service.copyTable([h1, [forged]]);
    expect(reply).toEqual({ ok: false, error: expect.stringContaining('Imported results 1 is damaged') });
    expect(await service.copyTable([h1, 'x'])).toEqual({
      ok: false,
      error: 'The imported results must be a list.',
    });
    expect(desktop.clipboard).toBe('');
  });

  it('imports results files all or nothing', async () => {
    const good = join(dir, 'windows.json');
    const bad = join(dir, 'notes.json');
    writeFileSync(good, JSON.stringify(windowsDocument()));
    writeFileSync(bad, '{"hello": 1}');
    desktop.openPaths = [good];
    expect(await service.importResults([])).toEqual({ ok: true, value: [windowsDocument()] });
    desktop.openPaths = [good, bad];
    expect(await service.importResults([])).toEqual({
      ok: false,
      error:
        'Nothing was imported. notes.json is not a SocketCloseTest results file. Choose only SocketCloseTest results files.',
    });
    desktop.openPaths = [];
    expect(await service.importResults([])).toEqual({ ok: true, value: [] });
  });

  it('saves the diagnostics bundle with the results, the app log and the run log', async () => {
    const id = await history.save(windowsDocument());
    mkdirSync(join(dir, 'logs'));
    mkdirSync(join(dir, 'runs'));
    writeFileSync(join(dir, 'logs', 'main.log'), '[info] SocketCloseTest starting\n');
    writeFileSync(join(dir, 'runs', `${id}.jsonl`), '{"type":"error"}\n');
    desktop.savePath = join(dir, 'bundle.zip');
    expect(await service.saveBundle([id])).toEqual({ ok: true, value: desktop.savePath });
    expect(desktop.saveDialogs.at(-1)?.defaultName).toMatch(/^SocketCloseTest-DESKTOP-7Q2LM0-.*\.zip$/);
    const listing = execFileSync('unzip', ['-Z1', desktop.savePath], { encoding: 'utf8' }).split('\n');
    expect(listing).toEqual(
      expect.arrayContaining([
        'README.txt',
        'results.json',
        'errors.csv',
        'logs/main.log',
        `logs/${id}.jsonl`,
      ]),
    );
    // The rotated log did not exist: left out, not an error.
    expect(listing).not.toContain('logs/main.old.log');

    desktop.savePath = null;
    expect(await service.saveBundle([null])).toEqual({ ok: true, value: null });
    expect(await service.saveBundle(['nope'])).toEqual({
      ok: false,
      error: 'That results entry is not known.',
    });
  });

  it('lists and opens saved results', async () => {
    const h1 = await history.save(linuxDocument());
    const list = await service.listHistory([]);
    expect(list.ok && list.value.map((e) => e.id)).toEqual([h1]);
    expect(await service.openHistory([h1])).toEqual({ ok: true, value: linuxDocument() });
  });

  it('opens the log folder, or says why it could not', async () => {
    expect(await service.openLogFolder([])).toEqual({ ok: true, value: null });
    expect(desktop.openedFolders).toEqual([join(dir, 'logs')]);
    desktop.folderProblem = 'No application is associated with folders.';
    expect(await service.openLogFolder([])).toEqual({
      ok: false,
      error: `The log folder ${join(dir, 'logs')} could not be opened: No application is associated with folders.`,
    });
  });
});
