import { resolve } from 'node:path';
import { readMachineFacts } from '../../src/main/engine/machine-facts';
import type { SessionConfig, SystemInfo } from '../../src/shared/types';
import type { Mode } from '../../src/shared/modes';

/** The worker as built by the tests' global setup. */
export const WORKER_PATH = resolve('out/worker/engine-worker.js');
export const CLI_PATH = resolve('out/cli/index.js');

export function config(mode: Mode, port: number, extra: Partial<SessionConfig> = {}): SessionConfig {
  return {
    mode,
    host: '127.0.0.1',
    port,
    durationSec: 60,
    connectionLimit: null,
    maxErrors: 10,
    force: false,
    ...extra,
  };
}

let facts: SystemInfo | null = null;
export async function system(): Promise<SystemInfo> {
  facts ??= await readMachineFacts({ appVersion: 'test' });
  return facts;
}
