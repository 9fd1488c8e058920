import { describe, expect, it } from 'vitest';
import { WindowStore } from '@renderer/store/window-store.svelte';
import { connectedStore } from '../connect';
import { FakeApi } from '../fake-api';
import { historyEntry, linuxMachine, runEnded, runResult, snapshot } from '../fixtures';

describe('WindowStore', () => {
  it('loads the snapshot, machine and history on connect, and lets go on disconnect', async () => {
    const api = new FakeApi();
    api.current = snapshot({ seq: 7, state: 'done' });
    api.historyEntries = [historyEntry('h1')];
    const { store, off } = await connectedStore(api);

    expect(store.live.snapshot?.seq).toBe(7);
    expect(store.live.state).toBe('done');
    expect(store.live.system?.osName).toBe(linuxMachine().osName);
    expect(store.results.history.map((h) => h.id)).toEqual(['h1']);
    expect(api.listenerCount).toBe(3);
    off();
    expect(api.listenerCount).toBe(0);
  });

  it('says so when the engine cannot be reached, and shows no machine when it cannot be read', async () => {
    const api = new FakeApi();
    api.getSnapshot = () => Promise.reject(new Error('no handler'));
    api.getSystemInfo = () => Promise.reject(new Error('no handler'));
    const store = new WindowStore(api);
    store.connect();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.requests.notice).toEqual({
      kind: 'error',
      text: 'The window could not reach the test engine. Restart the program.',
    });
    expect(store.live.system).toBeNull();
    expect(store.live.snapshot).toBeNull();
  });

  it('says so when a finished session could not be saved', async () => {
    const { api, store } = await connectedStore();
    api.end(runEnded('s1', [runResult('client')], null));
    expect(store.requests.notice).toEqual({
      kind: 'error',
      text: 'The results could not be saved: the disk is full.',
    });
    expect(store.results.resultsId).toBeNull();
  });

  it('passes on what a saved session has to say, lists it, and leaves an earlier one shown for it', async () => {
    const { api, store } = await connectedStore();
    store.results.showHistory('h-old', runEnded('s0', [runResult('graceful')]).document);
    api.historyEntries = [historyEntry('h2', { status: 'stopped' })];
    api.end({ ...runEnded('s1', [runResult('client')], 'h2'), message: 'Stopped early: saved what ran.' });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.requests.notice).toEqual({ kind: 'info', text: 'Stopped early: saved what ran.' });
    expect(store.results.viewed).toBeNull();
    // The actions act on the current results again, which now hold h2's run.
    expect(store.results.resultsId).toBeNull();
    expect(store.results.current?.sources.map((s) => s.historyId)).toEqual(['h2']);
    expect(store.results.history.map((h) => h.id)).toEqual(['h2']);
  });
});
