import { describe, expect, it } from 'vitest';
import {
  clockTime,
  codeLabel,
  countdownText,
  factText,
  formatDuration,
  machineLine,
  stateSentence,
} from '@renderer/lib/format';
import { linuxMachine, runResult, snapshot } from '../fixtures';

describe('wording', () => {
  it('reads the local clock time with milliseconds as recorded', () => {
    expect(clockTime('2026-11-24T07:18:04.123+01:00')).toBe('07:18:04.123');
    expect(clockTime('not a time')).toBe('not a time');
  });

  it('names codes the way Windows users know them, and leaves them alone elsewhere', () => {
    expect(codeLabel('EADDRINUSE', 'win32')).toBe('WSAEADDRINUSE (10048)');
    expect(codeLabel('EADDRINUSE', 'linux')).toBe('EADDRINUSE');
    expect(codeLabel('EPIPE', 'win32')).toBe('EPIPE');
  });

  it.each([
    [0, '0 s'],
    [59.4, '59 s'],
    [75, '1 min 15 s'],
    [3600, '1 h 00 min'],
    [86_399, '23 h 59 min'],
  ])('formats %s seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('says what a countdown waits for', () => {
    expect(countdownText({ reason: 'before-start', remainingSec: 42, halfConnections: 1 })).toBe(
      '1 half-connection from the last run is still listed. The test starts when they have cleared, so the last run cannot spoil this one.',
    );
  });

  it('explains a fact that could not be read', () => {
    expect(factText(undefined, String)).toBe('not recorded');
    expect(factText({ value: null, source: 'netsh', error: 'netsh was not found' }, String)).toBe(
      'unknown: netsh was not found',
    );
  });

  it('sums up the machine and the session state', () => {
    expect(machineLine(linuxMachine())).toEqual([
      'Debian GNU/Linux 12 (bookworm)',
      'ports 32768-60999',
      'TIME_WAIT 60 s (fixed)',
    ]);
    expect(stateSentence(null)).toBe('Connecting to the test engine...');
    expect(stateSentence(snapshot({ state: 'stopping' }))).toBe('Stopping: closing every socket.');
    expect(stateSentence(snapshot({ state: 'failed', message: null }))).toBe('The run could not go on.');
  });
});

it('sums up a finished Run all without naming only its last close order', () => {
  const finished = [runResult('any'), runResult('client')];
  expect(stateSentence(snapshot({ state: 'done', finished }))).toBe(
    'Done: 2 close orders run. The results are in the table below.',
  );
  expect(stateSentence(snapshot({ state: 'done', finished: [runResult('server')] }))).toBe(
    'Done. server — ok: 16,383 connections in 1.4 s, no errors.',
  );
});
