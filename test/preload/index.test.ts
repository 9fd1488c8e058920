import { describe, expect, it, vi } from 'vitest';
import { EVENTS, INVOKE, type Api, type Snapshot } from '../../src/shared/contract';
import type * as Fake from '../main/electron/fake-electron';

vi.mock('electron', async () => await import('../main/electron/fake-electron'));
const electron = await import('electron');
const { contextBridge, ipcRenderer } = electron as unknown as typeof Fake;
await import('../../src/preload/index');
const api = contextBridge.exposed.get('api') as Api;

describe('the preload bridge', () => {
  it('exposes only the named methods of the contract, under window.api', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['api']);
    const expected = [...Object.keys(INVOKE), 'onSnapshot', 'onRunEnded', 'onWatchSnapshot'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('sends each request on its own channel with its arguments', async () => {
    ipcRenderer.invocations.length = 0;
    const config = {
      mode: 'client' as const,
      host: '127.0.0.1',
      port: 63300,
      durationSec: 1,
      connectionLimit: null,
      maxErrors: 10,
      force: false,
    };
    await api.start(config);
    await api.stop();
    await api.exportResults('csv', 'h1', []);
    await api.copyTable(null, []);
    await api.openHistory('h2');
    await api.watchStart();
    await api.watchStart(0.5);
    await api.watchStop();
    await api.getWatchSnapshot();
    await api.exportWatchCsv();
    expect(ipcRenderer.invocations).toEqual([
      { channel: INVOKE.start, args: [config] },
      { channel: INVOKE.stop, args: [] },
      { channel: INVOKE.exportResults, args: ['csv', 'h1', []] },
      { channel: INVOKE.copyTable, args: [null, []] },
      { channel: INVOKE.openHistory, args: ['h2'] },
      { channel: INVOKE.watchStart, args: [] },
      { channel: INVOKE.watchStart, args: [0.5] },
      { channel: INVOKE.watchStop, args: [] },
      { channel: INVOKE.getWatchSnapshot, args: [] },
      { channel: INVOKE.exportWatchCsv, args: [] },
    ]);
  });

  it('hands listeners the payload only, and unsubscribes exactly that listener', () => {
    const got: unknown[] = [];
    const other: unknown[] = [];
    const off = api.onSnapshot((s) => got.push(s));
    const offOther = api.onSnapshot((s) => other.push(s));
    const snapshot = { seq: 1 } as Snapshot;
    ipcRenderer.emit(EVENTS.snapshot, { sender: ipcRenderer }, snapshot);
    off();
    ipcRenderer.emit(EVENTS.snapshot, { sender: ipcRenderer }, { seq: 2 });
    offOther();
    expect(got).toEqual([snapshot]);
    expect(other).toEqual([snapshot, { seq: 2 }]);
    expect(ipcRenderer.listenerCount(EVENTS.snapshot)).toBe(0);

    const ended: unknown[] = [];
    const offEnded = api.onRunEnded((e) => ended.push(e));
    ipcRenderer.emit(EVENTS.runEnded, { sender: ipcRenderer }, { sessionId: 's' });
    offEnded();
    expect(ended).toEqual([{ sessionId: 's' }]);
    expect(ipcRenderer.listenerCount(EVENTS.runEnded)).toBe(0);

    const watched: unknown[] = [];
    const offWatch = api.onWatchSnapshot((s) => watched.push(s));
    ipcRenderer.emit(EVENTS.watchSnapshot, { sender: ipcRenderer }, { seq: 3, watching: true });
    offWatch();
    ipcRenderer.emit(EVENTS.watchSnapshot, { sender: ipcRenderer }, { seq: 4, watching: true });
    expect(watched).toEqual([{ seq: 3, watching: true }]);
    expect(ipcRenderer.listenerCount(EVENTS.watchSnapshot)).toBe(0);
  });
});
