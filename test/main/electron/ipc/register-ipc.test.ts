import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE } from '../../../../src/shared/contract';
import { registerIpc, REFUSED_MESSAGE } from '../../../../src/main/electron/ipc/register-ipc';
import { REQUEST_METHODS, type ApiRequests } from '../../../../src/main/service/requests';
import type { Logger } from '../../../../src/main/logger';
import type { FakeIpcMainType } from '../fake-electron';

vi.mock('electron', async () => await import('../fake-electron'));
const { ipcMain } = await import('electron');
const fake = ipcMain as unknown as FakeIpcMainType;

// Absolute on the running OS (a drive on Windows), as the app's own path always is.
const indexFile = resolve('/app', 'out', 'renderer', 'index.html');
const page = { indexFile, devServerUrl: null };
const ownFrame = { url: pathToFileURL(indexFile).href, parent: null };

function recordingRequests(calls: { method: string; args: unknown[] }[]): ApiRequests {
  const requests: Record<string, (args: unknown[]) => Promise<unknown>> = {};
  for (const method of REQUEST_METHODS) {
    requests[method] = (args) => {
      calls.push({ method, args });
      return Promise.resolve({ ok: true, value: method });
    };
  }
  return requests as unknown as ApiRequests;
}

function recordingLogger(lines: string[]): Logger {
  return {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

describe('registerIpc', () => {
  let calls: { method: string; args: unknown[] }[];
  let lines: string[];
  let unregister: () => void;

  beforeEach(() => {
    calls = [];
    lines = [];
    unregister = registerIpc(ipcMain, recordingRequests(calls), page, recordingLogger(lines));
  });
  afterEach(() => unregister());

  it('registers exactly one handler per invoke channel of the contract', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(Object.values(INVOKE).sort());
  });

  it('passes the raw arguments of our own page to the matching request method', async () => {
    for (const method of REQUEST_METHODS) {
      const reply = await fake.invoke(INVOKE[method], ownFrame, 'a', 2);
      expect(reply).toEqual({ ok: true, value: method });
    }
    expect(calls.map((c) => c.method)).toEqual(REQUEST_METHODS);
    expect(calls.every((c) => c.args.length === 2 && c.args[0] === 'a' && c.args[1] === 2)).toBe(true);
  });

  it('refuses a foreign frame, a vanished frame and a sub-frame before the service sees anything', async () => {
    const foreign = { url: 'https://example.com/', parent: null };
    await expect(fake.invoke(INVOKE.start, foreign, { mode: 'client' })).rejects.toThrow(REFUSED_MESSAGE);
    await expect(fake.invoke(INVOKE.stop, null)).rejects.toThrow(REFUSED_MESSAGE);
    const subFrame = { url: ownFrame.url, parent: ownFrame };
    await expect(fake.invoke(INVOKE.runAll, subFrame)).rejects.toThrow(REFUSED_MESSAGE);
    expect(calls).toEqual([]);
    expect(lines.filter((l) => l.startsWith('warn Refused'))).toHaveLength(3);
  });

  it('turns an unexpected failure into a plain sentence and logs it', async () => {
    unregister();
    const requests = recordingRequests([]);
    requests.stop = () => Promise.reject(new Error('boom at line 12'));
    unregister = registerIpc(ipcMain, requests, page, recordingLogger(lines));
    await expect(fake.invoke(INVOKE.stop, ownFrame)).rejects.toThrow(
      'Something went wrong in the app. The log file has the details.',
    );
    expect(lines).toContain(`error The ${INVOKE.stop} request failed unexpectedly.`);
  });

  it('removes every handler again', () => {
    unregister();
    expect(fake.handlers.size).toBe(0);
    unregister = () => {};
  });
});
