/** `watch`'s flags: what it accepts, and the sentence for what it does not. */
import { describe, expect, it } from 'vitest';
import { WatchUsageError, parseWatchFlags } from '../../../src/main/cli/watch-options';
import { hintOf } from '../../../src/main/user-error';

function refusal(args: string[]): string {
  try {
    parseWatchFlags(args);
  } catch (error) {
    expect(error).toBeInstanceOf(WatchUsageError);
    expect(hintOf(error)).toBe('Run "socketclosetest watch --help" for the options.');
    return (error as Error).message;
  }
  throw new Error(`${args.join(' ')} was accepted`);
}

describe('watch flags', () => {
  it('polls every second, writes nothing and keeps going, when given nothing', () => {
    expect(parseWatchFlags([])).toEqual({
      intervalMs: 1000,
      json: null,
      csv: null,
      once: false,
      help: false,
    });
  });

  it('takes the interval in seconds, a decimal allowed, down to a quarter of a second', () => {
    expect(parseWatchFlags(['--interval', '0.25']).intervalMs).toBe(250);
    expect(parseWatchFlags(['--interval', '2.5']).intervalMs).toBe(2500);
    expect(parseWatchFlags(['--interval', '.5']).intervalMs).toBe(500);
    expect(parseWatchFlags(['--interval=10']).intervalMs).toBe(10000);
    expect(parseWatchFlags(['-i', '3']).intervalMs).toBe(3000);
  });

  it('answers a wrong interval with a sentence', () => {
    expect(refusal(['--interval', 'ten'])).toBe(
      '--interval takes a number of seconds, e.g. 1 or 0.5 (got "ten").',
    );
    expect(refusal(['--interval', '0'])).toBe('--interval must be at least 0.25 seconds (got "0").');
    expect(refusal(['--interval', '0.1'])).toBe('--interval must be at least 0.25 seconds (got "0.1").');
    expect(refusal(['--interval', '1e3'])).toBe(
      '--interval takes a number of seconds, e.g. 1 or 0.5 (got "1e3").',
    );
    expect(refusal(['--interval', '7200'])).toBe(
      '--interval must be at most 3600 seconds, an hour (got "7200").',
    );
    expect(refusal(['--interval', '-1'])).toBe('--interval needs a value.');
    expect(refusal(['--interval'])).toBe('--interval needs a value.');
  });

  it('takes the files, "-" for standard output, and --once', () => {
    expect(parseWatchFlags(['--once', '--json', '-', '--csv', 'ports.csv'])).toEqual({
      intervalMs: 1000,
      json: '-',
      csv: 'ports.csv',
      once: true,
      help: false,
    });
    expect(parseWatchFlags(['--help']).help).toBe(true);
    expect(parseWatchFlags(['-h']).help).toBe(true);
  });

  it('refuses both files on standard output, an empty file name, a stray word and an unknown flag', () => {
    expect(refusal(['--json', '-', '--csv', '-'])).toBe(
      '--json and --csv cannot both write to standard output: give one a file.',
    );
    expect(refusal(['--json', ''])).toBe('--json needs a file name (or "-").');
    expect(refusal(['ports.csv'])).toBe('Unexpected argument "ports.csv".');
    expect(refusal(['--port', '5432'])).toMatch(/^Unknown option '--port'\.$/);
    expect(refusal(['--once=yes'])).toMatch(/--once/);
  });
});
