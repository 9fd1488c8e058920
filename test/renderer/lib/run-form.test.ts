import { describe, expect, it } from 'vitest';
import { validateForm, type RunForm } from '@renderer/lib/run-form';
import { CONFIG_LIMITS } from '@shared/types';

const good: RunForm = { mode: 'client', port: 40000, durationSec: 60, maxErrors: 10, force: false };

describe('validateForm', () => {
  it('builds the session config from good input', () => {
    const { config, error } = validateForm({ ...good, force: true });
    expect(error).toBeNull();
    expect(config).toEqual({
      mode: 'client',
      host: '127.0.0.1',
      port: 40000,
      durationSec: 60,
      connectionLimit: null,
      maxErrors: 10,
      force: true,
    });
  });

  it.each([
    [{ port: 70000 }, 'Port must be a whole number from 1 to 65535 (got 70000).'],
    [{ port: null }, 'Port must be a whole number from 1 to 65535 (the field is empty).'],
    [{ port: 40000.5 }, 'Port must be a whole number from 1 to 65535 (got 40000.5).'],
    [{ durationSec: 0 }, 'Duration must be a whole number of seconds from 1 to 86400 (one day) (got 0).'],
    [
      { maxErrors: Number.NaN },
      'Stop after must be a whole number of errors from 1 to 2147483647 (the field is empty).',
    ],
  ])('explains %o in a sentence', (change, message) => {
    const { config, error } = validateForm({ ...good, ...change });
    expect(config).toBeNull();
    expect(error).toBe(message);
  });
});

describe('the limits the main process checks', () => {
  it('lets through the largest error limit the main process takes, as the command line does', () => {
    const { config } = validateForm({ ...good, maxErrors: CONFIG_LIMITS.maxErrors.max });
    expect(config?.maxErrors).toBe(CONFIG_LIMITS.maxErrors.max);
    expect(validateForm({ ...good, maxErrors: CONFIG_LIMITS.maxErrors.max + 1 }).config).toBeNull();
  });
});
