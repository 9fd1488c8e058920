import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEnded } from '../../../src/shared/contract';
import { ApiService } from '../../../src/main/service/api-service';
import type { DesktopPort } from '../../../src/main/service/desktop-port';
import { runLogFile } from '../../../src/main/controller/session-controller';
import { parseResultsDocument } from '../../../src/main/results/schema';
import { config, makeController } from '../controller/helpers';
import { freshPort } from '../../helpers/ports';
import { readZip } from '../../helpers/zip';

describe('ApiService on the real engine', () => {
  it('starts, refuses a second start, stops, then exports and bundles what just ran', async () => {
    const { controller, dataDir, history } = makeController();
    const out = mkdtempSync(join(tmpdir(), 'sct-service-out-'));
    let saveTo: string | null = null;
    const desktop: DesktopPort = {
      chooseSavePath: () => Promise.resolve(saveTo),
      chooseOpenPaths: () => Promise.resolve([]),
      writeClipboard: () => {},
      openFolder: () => Promise.resolve(null),
    };
    const service = new ApiService({
      controller,
      history,
      desktop,
      logFolder: join(dataDir, 'logs'),
      runLogOf: (id) => runLogFile(dataDir, id),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    const ended = new Promise<RunEnded>((resolve) => controller.once('run-ended', resolve));

    const port = await freshPort();
    expect(await service.start([config(port, { mode: 'graceful', durationSec: 20 })])).toEqual({
      ok: true,
      value: null,
    });
    expect(await service.start([config(port)])).toEqual({
      ok: false,
      error: 'A test is already running. Stop it before starting another.',
    });
    await new Promise((r) => setTimeout(r, 700));
    expect((await service.getSnapshot([])).state).toBe('running');
    expect(await service.stop([])).toEqual({ ok: true, value: null });
    const end = await ended;
    expect(end.document.status).toBe('stopped');

    // The run log was renamed after the saved results, so the bundle finds it.
    const runLog = runLogFile(dataDir, end.historyId!);
    expect(existsSync(runLog)).toBe(true);
    expect(readFileSync(runLog, 'utf8')).toContain('"type":"run"');

    saveTo = join(out, 'newest.json');
    expect(await service.exportResults(['json', null])).toEqual({ ok: true, value: saveTo });
    expect(parseResultsDocument(readFileSync(saveTo, 'utf8'))).toEqual(end.document);

    saveTo = join(out, 'bundle.zip');
    expect(await service.saveBundle([null])).toEqual({ ok: true, value: saveTo });
    const listing = (await readZip(saveTo)).map((e) => e.name);
    expect(listing).toContain(`logs/${end.historyId}.jsonl`);

    const list = await service.listHistory([]);
    expect(list.ok && list.value[0]?.id).toBe(end.historyId);
  });
});
