/**
 * The only ipcRenderer user. It hands the window named methods taken from the contract, never a
 * generic "invoke any channel": a renamed channel or a changed payload breaks the build here, and a
 * compromised page can reach nothing the contract does not list.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENTS, INVOKE, type Api, type RunEnded, type Snapshot } from '../shared/contract';
import type { WatchSnapshot } from '../shared/watch';

/** Subscribes to one event channel; the returned function removes exactly this listener. */
function listen<T>(channel: string, listener: (payload: T) => void): () => void {
  // The IpcRendererEvent carries `sender` (ipcRenderer itself): never let it reach the page.
  const wrapped = (_event: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const api = {
  start: (config, options) =>
    options ? ipcRenderer.invoke(INVOKE.start, config, options) : ipcRenderer.invoke(INVOKE.start, config),
  runAll: (request) => ipcRenderer.invoke(INVOKE.runAll, request),
  stop: () => ipcRenderer.invoke(INVOKE.stop),
  getSnapshot: () => ipcRenderer.invoke(INVOKE.getSnapshot),
  getSystemInfo: () => ipcRenderer.invoke(INVOKE.getSystemInfo),
  exportResults: (format, historyId, imported) =>
    ipcRenderer.invoke(INVOKE.exportResults, format, historyId, imported),
  copyTable: (historyId, imported) => ipcRenderer.invoke(INVOKE.copyTable, historyId, imported),
  saveBundle: (historyId) => ipcRenderer.invoke(INVOKE.saveBundle, historyId),
  importResults: () => ipcRenderer.invoke(INVOKE.importResults),
  currentResults: () => ipcRenderer.invoke(INVOKE.currentResults),
  listHistory: () => ipcRenderer.invoke(INVOKE.listHistory),
  openHistory: (id) => ipcRenderer.invoke(INVOKE.openHistory, id),
  openLogFolder: () => ipcRenderer.invoke(INVOKE.openLogFolder),
  watchStart: (intervalSec) =>
    intervalSec === undefined
      ? ipcRenderer.invoke(INVOKE.watchStart)
      : ipcRenderer.invoke(INVOKE.watchStart, intervalSec),
  watchStop: () => ipcRenderer.invoke(INVOKE.watchStop),
  getWatchSnapshot: () => ipcRenderer.invoke(INVOKE.getWatchSnapshot),
  exportWatchCsv: () => ipcRenderer.invoke(INVOKE.exportWatchCsv),
  onSnapshot: (listener) => listen<Snapshot>(EVENTS.snapshot, listener),
  onRunEnded: (listener) => listen<RunEnded>(EVENTS.runEnded, listener),
  onWatchSnapshot: (listener) => listen<WatchSnapshot>(EVENTS.watchSnapshot, listener),
} satisfies Api;

contextBridge.exposeInMainWorld('api', api);
