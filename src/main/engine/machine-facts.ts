import os from 'node:os';
import type { SystemInfo } from '../../shared/types';

export interface MachineFactsOptions {
  appVersion: string;
  /** Electron's version when running in the app. */
  electronVersion?: string | null;
}

/** The machine a result comes from. Never throws: a fact that cannot be read says so. */
export async function readMachineFacts(options: MachineFactsOptions): Promise<SystemInfo> {
  return {
    platform: os.platform(),
    release: os.release(),
    osName: typeof os.version === 'function' ? os.version() : os.type(),
    hostname: os.hostname(),
    arch: os.arch(),
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    nodeVersion: process.versions.node,
    electronVersion: options.electronVersion ?? process.versions.electron ?? null,
    appVersion: options.appVersion,
  };
}
