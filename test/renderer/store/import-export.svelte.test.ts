// What the window imports is what its exports send along, and removing a column takes it out.
import { describe, expect, it } from 'vitest';
import { LiveFigures } from '@renderer/store/live-figures.svelte';
import { Requests } from '@renderer/store/requests.svelte';
import { Results } from '@renderer/store/results.svelte';
import { FakeApi } from '../fake-api';
import { linuxMachine, resultsDocument, runResult, windowsMachine } from '../fixtures';

describe('imported results in the exports', () => {
  it('sends the imported documents shown with every export and Copy table, and not once removed', async () => {
    const api = new FakeApi();
    const results = new Results(new LiveFigures());
    const requests = new Requests(api, results);
    const windows = resultsDocument([runResult('client', [], 1000, windowsMachine())], windowsMachine());
    const linux = resultsDocument([runResult('client', [], 1000, linuxMachine())], linuxMachine());
    api.replies.importResults = { ok: true, value: [windows, linux] };
    await requests.importResults();
    expect(results.columns.slice(1).map((c) => c.madeAt)).toEqual([windows.createdAt, linux.createdAt]);

    for (const format of ['json', 'markdown', 'csv'] as const) await requests.exportResults(format);
    await requests.copyTable();
    const sent = api.calls.filter((c) => c.method === 'exportResults' || c.method === 'copyTable');
    expect(sent.map((c) => c.args.at(-1))).toEqual([
      [windows, linux],
      [windows, linux],
      [windows, linux],
      [windows, linux],
    ]);

    // A bundle and the results.json taken out of it, picked together: one column.
    expect(results.addImported([windows, structuredClone(windows)])).toBe(0);
    results.removeImported(0);
    expect(results.addImported([windows, structuredClone(windows)])).toBe(1);
    expect(results.imported).toEqual([linux, windows]);
    results.removeImported(1);
    await requests.exportResults('json');
    expect(api.calls.at(-1)?.args.at(-1)).toEqual([linux]);
  });
});
