/**
 * The real engine behind the controller's EnginePort: the engine's Run (a server and a client
 * thread on loopback) and the netstat poller, each on worker scripts that the app and the command
 * line find in different places.
 */
import type { SessionConfig, SystemInfo } from '../../shared/types';
import { NetstatPoller } from '../engine/netstat/poller';
import { Run, type HalfConnectionPoller } from '../engine/run';
import type { EnginePort } from './engine-port';
import { silentLogger, type Logger } from '../logger';

export interface SessionEngineOptions {
  /** The engine's worker script (in the packaged app: inside app.asar.unpacked). */
  workerPath?: string;
  /** The netstat poller's worker script, so counting never blocks this thread; without it, polls run here. */
  netstatWorkerPath?: string;
  /** Another half-connection counter (tests: none at all). */
  createPoller?: (config: SessionConfig, system: SystemInfo) => HalfConnectionPoller | null;
  logger?: Logger;
}

export function sessionEngine(options: SessionEngineOptions = {}): EnginePort {
  const log = options.logger ?? silentLogger;
  return {
    async start(config, context) {
      const run = await Run.start(config, {
        workerPath: options.workerPath,
        poller: context.counter,
        system: context.system,
        errorRetention: context.errorRetention,
        timeWaitSeconds: context.timeWaitSeconds,
      });
      run.on('error-record', context.onError);
      run.on('sample', context.onSample);
      return run;
    },
    counter(config, system) {
      if (options.createPoller) return options.createPoller(config, system);
      try {
        return new NetstatPoller({
          port: config.port,
          host: config.host,
          ephemeralRange: system.ephemeralRange?.value ?? null,
          workerPath: options.netstatWorkerPath,
        });
      } catch (error) {
        log.warn(`Half-connections cannot be counted: ${(error as Error).message}`);
        return null;
      }
    },
  };
}
