import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '@renderer/i18n/locale.svelte';
import {
  STATE_LABEL,
  countdownText,
  formatDuration,
  formatRange,
  recordedDateTime,
  stateSentence,
} from '@renderer/lib/format';
import { runResult, snapshot } from '../fixtures';

afterEach(() => setLocale());

describe('the wording functions in German', () => {
  it('say what the session does, durations, ranges and dates the German way', () => {
    setLocale('de-DE');
    expect(STATE_LABEL.running).toBe('Läuft');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(formatRange({ start: 49152, end: 65535, count: 16384 })).toBe('49152-65535 (16.384 Ports)');
    expect(recordedDateTime('2026-11-24T07:20:05.120+01:00')).toBe('24.11.2026, 07:20:05');
    expect(countdownText({ reason: 'before-start', remainingSec: 42, halfConnections: 1 })).toMatch(
      /^1 Halbverbindung des letzten Laufs ist noch aufgeführt\. Der Test beginnt/,
    );
    expect(stateSentence(snapshot({ state: 'done', finished: [runResult('server')] }))).toBe(
      'Fertig. server — ok: 16.383 Verbindungen in 1,4 s, keine Fehler.',
    );
    expect(
      stateSentence(
        snapshot({ state: 'running', mode: 'client', runAll: { modes: ['any', 'client'], index: 1 } }),
      ),
    ).toBe(
      '„client“ läuft (2 von 2): Verbindungen werden so schnell aufgebaut und geschlossen, wie der Computer es zulässt.',
    );
  });

  it('follow the locale back to English', () => {
    setLocale('de-DE');
    setLocale('en-US');
    expect(STATE_LABEL.running).toBe('Running');
    expect(formatRange({ start: 49152, end: 65535, count: 16384 })).toBe('49152-65535 (16,384 ports)');
  });
});
