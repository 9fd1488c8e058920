import { isIP } from 'node:net';
import { CONFIG_LIMITS, DEFAULT_CONFIG, type SessionConfig } from '../../shared/types';
import { MODES, isMode } from '../../shared/modes';
import { UserError } from '../user-error';

/** Input that cannot become a session; the message is a sentence for a person. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
}

const { min: MIN_DURATION_SEC, max: MAX_DURATION_SEC } = CONFIG_LIMITS.durationSec;

function wholeNumber(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${what} must be a whole number from ${min} to ${max} (got ${describe(value)}).`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeof value;
}

/**
 * Parses untrusted input (the window's arguments, the command line's flags) into a SessionConfig.
 * Missing fields take the defaults; anything present and wrong is refused with a clear message.
 */
export function parseSessionConfig(raw: unknown): SessionConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('The session settings are missing.');
  }
  const input = raw as Record<string, unknown>;
  if (!isMode(input.mode)) {
    throw new ConfigError(`Mode must be one of ${MODES.join(', ')} (got ${describe(input.mode)}).`);
  }
  const host = input.host ?? DEFAULT_CONFIG.host;
  if (typeof host !== 'string' || !isLoopback(host)) {
    throw new ConfigError(
      `Host must be a loopback address such as 127.0.0.1 or ::1 (got ${describe(host)}).`,
    );
  }
  const { port: ports, maxErrors: errors, connectionLimit: connects } = CONFIG_LIMITS;
  const port = wholeNumber(input.port ?? DEFAULT_CONFIG.port, 'Port', ports.min, ports.max);
  const durationSec = input.durationSec ?? DEFAULT_CONFIG.durationSec;
  if (
    typeof durationSec !== 'number' ||
    !Number.isFinite(durationSec) ||
    durationSec < MIN_DURATION_SEC ||
    durationSec > MAX_DURATION_SEC
  ) {
    throw new ConfigError(
      `Duration must be a number of seconds from ${MIN_DURATION_SEC} to ${MAX_DURATION_SEC} (got ${describe(durationSec)}).`,
    );
  }
  const limit = input.connectionLimit ?? null;
  const connectionLimit =
    limit === null ? null : wholeNumber(limit, 'The connection limit', connects.min, connects.max);
  const maxErrors = wholeNumber(
    input.maxErrors ?? DEFAULT_CONFIG.maxErrors,
    'Max errors',
    errors.min,
    errors.max,
  );
  const force = input.force ?? false;
  if (typeof force !== 'boolean')
    throw new ConfigError(`"force" must be true or false (got ${describe(force)}).`);
  return { mode: input.mode, host, port, durationSec, connectionLimit, maxErrors, force };
}

/** The test only ever talks to this machine: a loopback address, never another host. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return false; // ambiguous between IPv4 and IPv6: ask for the address
  const family = isIP(host);
  if (family === 4) return host.startsWith('127.');
  if (family === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
