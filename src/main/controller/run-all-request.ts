/**
 * Parses an untrusted Run all request (from the window or the command line). Each field is checked
 * by the engine's own session parser, so Run all accepts exactly what a single run accepts.
 */
import { ConfigError, parseSessionConfig } from '../engine/config';
import { isMode, MODES, ORIGINAL_MODES, type Mode } from '../../shared/modes';
import type { RunAllRequest } from '../../shared/contract';
import type { SessionConfig } from '../../shared/types';

/** More would be a mistake, not a plan: each mode already runs for up to a day. */
const MAX_MODES = 20;

export function parseRunAllRequest(raw: unknown): RunAllRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('The Run all settings are missing.');
  }
  const input = raw as Record<string, unknown>;
  const modes = input.modes ?? [...ORIGINAL_MODES];
  if (!Array.isArray(modes) || modes.length === 0 || modes.length > MAX_MODES) {
    throw new ConfigError(`Run all needs a list of 1 to ${MAX_MODES} modes.`);
  }
  const bad = modes.find((m) => !isMode(m));
  if (bad !== undefined) {
    throw new ConfigError(
      `Every mode must be one of ${MODES.join(', ')} (got ${JSON.stringify(bad) ?? typeof bad}).`,
    );
  }
  // The first mode stands in for all: every other field is the same for each run.
  const config = parseSessionConfig({ ...input, mode: modes[0], force: false });
  return {
    modes: modes as Mode[],
    host: config.host,
    port: config.port,
    durationSec: input.durationSec === undefined ? 60 : config.durationSec,
    maxErrors: config.maxErrors,
    connectionLimit: config.connectionLimit,
  };
}

/** The session settings of one mode of a Run all (from a parsed request: nothing is checked again). */
export function configForMode(request: RunAllRequest, mode: Mode, force: boolean): SessionConfig {
  const { host, port, durationSec, connectionLimit, maxErrors } = request;
  return { mode, host, port, durationSec, connectionLimit, maxErrors, force };
}
