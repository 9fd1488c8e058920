/**
 * The real engine behind the controller's EnginePort: the engine's Session (a server and a client
 * thread on loopback) and the netstat poller, each on worker scripts that the app and the command
 * line find in different places.
 */
import type { SessionConfig, SystemInfo } from '../../shared/types';
import { NetstatPoller } from '../engine/netstat/poller';
import { Session, type HalfConnectionPoller } from '../engine/session';
import type { EnginePort } from './engine-port';
import { silentLogger, type Logger } from './logger';

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
      const session = await Session.start(config, {
        workerPath: options.workerPath,
        poller: context.counter,
        system: context.system,
        errorRetention: context.errorRetention,
        timeWaitSeconds: context.timeWaitSeconds,
      });
      session.on('error-record', context.onError);
      session.on('sample', context.onSample);
      return session;
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
