/**
 * Why a run could not start, each as a sentence for a person: a reserved port, half-connections
 * of an earlier run, a listener that could not bind, a thread that did not come up.
 */
import type { SessionConfig, SystemInfo } from '../../shared/types';
import { formatCount } from '../../shared/outcome';
import { UserError } from '../user-error';
import { listenRefusedMessage, reservedPortMessage, reservedRangeOf } from './reserved-ports';

export type StartErrorCode =
  'PORT_IN_USE' | 'PORT_RESERVED' | 'LINGERING' | 'LISTEN_FAILED' | 'WORKER_FAILED';

/** A start that could not happen; the message is a sentence for a person. */
export class RunStartError extends UserError {
  override name = 'RunStartError';
  constructor(
    readonly code: StartErrorCode,
    message: string,
    hint?: string,
  ) {
    super(message, { hint });
  }
}

/** A port Windows reserves (the excluded ranges) cannot be listened on: refused before trying. */
export function reservedPortError(port: number, system: SystemInfo): RunStartError | null {
  const reserved = reservedRangeOf(port, system);
  return reserved ? new RunStartError('PORT_RESERVED', reservedPortMessage(port, reserved, system)) : null;
}

export function lingeringError(lingering: number, port: number, waitSeconds: number): RunStartError {
  const one = lingering === 1;
  return new RunStartError(
    'LINGERING',
    `${formatCount(lingering)} half-connection${one ? '' : 's'} of an earlier run ${one ? 'is' : 'are'} still listed for port ${port}. ` +
      `Wait about ${waitSeconds} seconds and try again, or start anyway (the two runs' counts will mix).`,
    'Add --force to start anyway.',
  );
}

/** What the server thread's failed listen means, by its error code. */
export function listenError(
  code: string,
  message: string,
  config: Pick<SessionConfig, 'host' | 'port'>,
  system: SystemInfo,
): RunStartError {
  const { port, host } = config;
  if (code === 'EADDRINUSE') {
    return new RunStartError(
      'PORT_IN_USE',
      `Port ${port} is already in use by another program. Choose another port or close that program.`,
    );
  }
  if (code === 'EACCES') return new RunStartError('LISTEN_FAILED', listenRefusedMessage(port, system));
  if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') {
    return new RunStartError(
      'LISTEN_FAILED',
      `The address ${host} is not available on this machine${host.includes(':') ? ' (is IPv6 turned off?)' : ''}.`,
    );
  }
  return new RunStartError('LISTEN_FAILED', `Port ${port} could not be opened: ${message}`);
}

/** The server thread failed or ended before it listened. */
export function workerStartError(reason: string): RunStartError {
  return new RunStartError('WORKER_FAILED', `The test could not start: ${reason}`);
}
