import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopback, parseSessionConfig } from '../../../src/main/engine/config';
import { CONFIG_LIMITS } from '../../../src/shared/types';

describe('parseSessionConfig', () => {
  it('fills in the original program’s defaults', () => {
    expect(parseSessionConfig({ mode: 'client' })).toEqual({
      mode: 'client',
      host: '127.0.0.1',
      port: 40000,
      durationSec: 60,
      connectionLimit: null,
      maxErrors: 10,
      force: false,
    });
  });

  it('keeps valid settings', () => {
    const c = parseSessionConfig({
      mode: 'graceful',
      host: '::1',
      port: 61000,
      durationSec: 0.5,
      connectionLimit: 5,
      maxErrors: 3,
      force: true,
    });
    expect(c).toMatchObject({
      host: '::1',
      port: 61000,
      durationSec: 0.5,
      connectionLimit: 5,
      maxErrors: 3,
      force: true,
    });
  });

  it.each([
    [null, /settings are missing/],
    [[], /settings are missing/],
    [
      { mode: 'fast' },
      /Mode must be one of any, client, server, simultaneous, graceful, workaround, abort \(got "fast"\)/,
    ],
    [{ mode: 'client', port: 0 }, /Port must be a whole number from 1 to 65535 \(got 0\)/],
    [{ mode: 'client', port: 70000 }, /got 70000/],
    [{ mode: 'client', port: '40000' }, /Port must be a whole number.*got "40000"/],
    [{ mode: 'client', port: 1.5 }, /Port/],
    [
      { mode: 'client', durationSec: -1 },
      /Duration must be a number of seconds from 0.1 to 86400 \(got -1\)/,
    ],
    // Shorter than this, a run can end before its first connect and prove nothing.
    [{ mode: 'client', durationSec: 0.0000001 }, /Duration must be a number of seconds from 0.1 to 86400/],
    [{ mode: 'client', durationSec: 0.09 }, /Duration/],
    [{ mode: 'client', durationSec: Number.NaN }, /Duration/],
    [{ mode: 'client', maxErrors: 0 }, /Max errors/],
    [{ mode: 'client', connectionLimit: -3 }, /connection limit/],
    [{ mode: 'client', host: '10.0.0.1' }, /loopback address/],
    [{ mode: 'client', host: 'example.com' }, /loopback address/],
    [{ mode: 'client', force: 'yes' }, /"force" must be true or false/],
  ])('refuses %j with a clear sentence', (raw, message) => {
    expect(() => parseSessionConfig(raw)).toThrow(ConfigError);
    expect(() => parseSessionConfig(raw)).toThrow(message);
  });

  it('accepts only loopback hosts', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.0.0.2')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('192.168.1.1')).toBe(false);
    expect(isLoopback('localhost')).toBe(false);
  });
});

describe('the limits the window shares', () => {
  it('takes the largest error and connection limits, and refuses one more', () => {
    const { maxErrors, connectionLimit } = CONFIG_LIMITS;
    expect(parseSessionConfig({ mode: 'server', maxErrors: maxErrors.max }).maxErrors).toBe(maxErrors.max);
    expect(() => parseSessionConfig({ mode: 'server', maxErrors: maxErrors.max + 1 })).toThrow(
      `Max errors must be a whole number from 1 to ${maxErrors.max}`,
    );
    const largest = parseSessionConfig({ mode: 'server', connectionLimit: connectionLimit.max });
    expect(largest.connectionLimit).toBe(connectionLimit.max);
    expect(() =>
      parseSessionConfig({ mode: 'server', durationSec: CONFIG_LIMITS.durationSec.max + 1 }),
    ).toThrow(ConfigError);
  });
});
