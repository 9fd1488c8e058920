import { describe, expect, it } from 'vitest';
import { defaultForm, validateForm, type RunForm } from '@renderer/lib/run-form';
import { CONFIG_LIMITS } from '@shared/types';

const good: RunForm = { mode: 'client', port: '40000', durationSec: '60', maxErrors: '10', force: false };

describe('validateForm', () => {
  it('builds the session config from good input, spaces around a number allowed', () => {
    const { config, error, field } = validateForm({ ...good, port: ' 40000 ', force: true });
    expect([error, field]).toEqual([null, null]);
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

  it('starts from the defaults the command line uses', () => {
    expect(validateForm(defaultForm()).config).toMatchObject({ port: 40000, durationSec: 60, maxErrors: 10 });
  });

  it.each([
    [{ port: '70000' }, 'port', 'Port must be a whole number from 1 to 65535. 70000 is outside that range.'],
    [{ port: '' }, 'port', 'Port is empty. Type a whole number from 1 to 65535.'],
    [{ port: '4e4' }, 'port', 'Port must be a whole number from 1 to 65535, typed in digits. "4e4" is not.'],
    [
      { port: '40000.5' },
      'port',
      'Port must be a whole number from 1 to 65535, typed in digits. "40000.5" is not.',
    ],
    [
      { durationSec: 'ten' },
      'durationSec',
      'Seconds per run must be a whole number from 1 to 86400 (one day), typed in digits. "ten" is not.',
    ],
    [
      { durationSec: '0' },
      'durationSec',
      'Seconds per run must be a whole number from 1 to 86400 (one day). 0 is outside that range.',
    ],
    [
      { maxErrors: '  ' },
      'maxErrors',
      'Stop after errors is empty. Type a whole number from 1 to 2147483647.',
    ],
    [
      { maxErrors: '-3' },
      'maxErrors',
      'Stop after errors must be a whole number from 1 to 2147483647, typed in digits. "-3" is not.',
    ],
  ])('explains %o in a sentence that names the field as its label does', (change, field, message) => {
    const checked = validateForm({ ...good, ...change });
    expect(checked).toEqual({ config: null, field, error: message });
  });
});

describe('the limits the main process checks', () => {
  it('lets through the largest error limit the main process takes, as the command line does', () => {
    const { config } = validateForm({ ...good, maxErrors: String(CONFIG_LIMITS.maxErrors.max) });
    expect(config?.maxErrors).toBe(CONFIG_LIMITS.maxErrors.max);
    expect(validateForm({ ...good, maxErrors: String(CONFIG_LIMITS.maxErrors.max + 1) }).config).toBeNull();
  });
});
