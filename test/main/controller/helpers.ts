/**
 * A controller on the real engine, with its data in a fresh temporary folder, and a recorder of
 * everything it emits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunEnded, Snapshot } from '../../../src/shared/contract';
import type { ErrorRecord } from '../../../src/shared/types';
import { readMachineFacts } from '../../../src/main/engine/machine-facts';
import { SessionController, type ControllerOptions } from '../../../src/main/controller/session-controller';
import { RunLog } from '../../../src/main/results/run-log';
import { HistoryStore } from '../../../src/main/results/history';

export const WORKER = resolve('out/worker/engine-worker.js');

export interface Recorded {
  controller: SessionController;
  dataDir: string;
  history: HistoryStore;
  snapshots: { at: number; snapshot: Snapshot }[];
  ended: RunEnded[];
  errors: ErrorRecord[];
  lines: string[];
}

export function makeController(overrides: Partial<ControllerOptions> = {}): Recorded {
  const dataDir = mkdtempSync(join(tmpdir(), 'sct-controller-'));
  const history = new HistoryStore(join(dataDir, 'history'));
  const lines: string[] = [];
  const controller = new SessionController({
    dataDir,
    workerPath: WORKER,
    system: () => readMachineFacts({ appVersion: '0.0.0-test' }),
    app: { name: 'SocketCloseTest', version: '0.0.0-test' },
    history,
    openRunLog: (path) => new RunLog(path),
    logger: {
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      error: (m) => lines.push(`error ${m}`),
    },
    ...overrides,
  });
  const recorded: Recorded = { controller, dataDir, history, snapshots: [], ended: [], errors: [], lines };
  controller.on('snapshot', (snapshot) => recorded.snapshots.push({ at: performance.now(), snapshot }));
  controller.on('run-ended', (ended) => recorded.ended.push(ended));
  controller.on('error-record', (e) => recorded.errors.push(e));
  return recorded;
}

export function config(port: number, extra: Record<string, unknown> = {}) {
  return {
    mode: 'server' as const,
    host: '127.0.0.1',
    port,
    durationSec: 2,
    connectionLimit: null,
    maxErrors: 10,
    force: true,
    ...extra,
  };
}

export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('Timed out waiting for a condition.');
    await new Promise((r) => setTimeout(r, 20));
  }
}
