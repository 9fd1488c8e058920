import { describe, expect, it } from 'vitest';
import { decodeConsoleText } from '../../../src/main/watch/console-text';
import {
  exhaustionEventsFrom,
  exhaustionEventsUnavailable,
  parseWevtutil,
  wevtutilFailureReason,
} from '../../../src/main/watch/parse-wevtutil';
import { watchFixture } from './fixture';

const NOW = Date.parse('2026-12-03T15:00:00Z');

describe('wevtutil /f:text events', () => {
  it('reads each event block: its ID, its time and its description', () => {
    const parsed = parseWevtutil(decodeConsoleText(watchFixture('wevtutil-en.txt'), 850));
    expect(parsed.skipped).toBe(0);
    expect(parsed.events.map((e) => [e.id, e.timeMs])).toEqual([
      [4231, Date.parse('2026-12-03T14:55:12.345Z')],
      [4227, Date.parse('2026-12-03T14:55:09.102Z')],
      [4227, Date.parse('2026-12-01T09:12:44Z')],
    ]);
    expect(parsed.events[0]!.message).toBe(
      'A request to allocate an ephemeral port number from the global TCP port space has failed due to all such ports being in use.',
    );
    expect(parsed.events[1]!.message).toMatch(
      /^TCP\/IP failed to establish an outgoing connection .* remote endpoint\.$/,
    );
    // Local time with its offset, the same instant.
    expect(Date.parse(parsed.events[0]!.time)).toBe(Date.parse('2026-12-03T14:55:12.345Z'));
  });

  it('keeps the last 24 hours only', () => {
    const events = exhaustionEventsFrom(decodeConsoleText(watchFixture('wevtutil-en.txt'), 850), NOW);
    expect(events.available).toBe(true);
    expect(events.note).toBeNull();
    expect(events.events.map((e) => e.id)).toEqual([4231, 4227]);
    expect(events.source).toContain('wevtutil qe System');
  });

  it('reads a German machine: translated labels, CP850 text', () => {
    const bytes = watchFixture('wevtutil-de-cp850.txt');
    expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
    const events = exhaustionEventsFrom(decodeConsoleText(bytes, 850), NOW);
    expect(events.events.map((e) => e.id)).toEqual([4231, 4227]);
    expect(events.events[1]!.message).toMatch(
      /^TCP\/IP konnte keine ausgehende Verbindung herstellen, da der ausgewählte/,
    );
    expect(Date.parse(events.events[0]!.time)).toBe(Date.parse('2026-12-03T14:55:12.345Z'));
  });

  it('says in a sentence that there were none', () => {
    const events = exhaustionEventsFrom(decodeConsoleText(watchFixture('wevtutil-none.txt'), 850), NOW);
    expect(events).toMatchObject({
      available: true,
      events: [],
      note: 'No port-exhaustion events (4227, 4231) in the System log in the last 24 hours.',
    });
  });

  it('says in a sentence why the log could not be read, in the tool’s own words', () => {
    const en = decodeConsoleText(watchFixture('wevtutil-denied-en-stderr.txt'), 850);
    expect(exhaustionEventsUnavailable(wevtutilFailureReason(en, 'wevtutil failed'))).toMatchObject({
      available: false,
      events: [],
      note: 'The System log could not be read: wevtutil answered "Failed to read events. Access is denied".',
    });
    const de = decodeConsoleText(watchFixture('wevtutil-denied-de-stderr-cp850.txt'), 850);
    expect(exhaustionEventsUnavailable(wevtutilFailureReason(de, 'wevtutil failed')).note).toBe(
      'The System log could not be read: wevtutil answered "Fehler beim Lesen der Ereignisse. Zugriff verweigert".',
    );
    expect(exhaustionEventsUnavailable(wevtutilFailureReason('', 'wevtutil was not found')).note).toBe(
      'The System log could not be read: wevtutil was not found.',
    );
  });

  it('takes blocks in any language, an older date without a zone as local time, and skips other events and junk', () => {
    const parsed = parseWevtutil(
      'junk before\nEreignis[0]:\n  Quelle: Tcpip\n  Datum: 2026-12-03T10:00:00.000\n  Ereignis-ID: 4231\n' +
        '  Computer: PC\n  Beschreibung:\nZeile eins\n   Zeile zwei\n\nEvent[1]:\n  Event ID: 7036\n  Description: other\n' +
        'Event[2]:\n  garbage',
    );
    expect(parsed.events).toEqual([
      {
        id: 4231,
        timeMs: new Date(2026, 11, 3, 10, 0, 0).getTime(),
        time: expect.stringMatching(/^2026-12-03T10:00:00\.000[+-]\d\d:\d\d$/) as string,
        message: 'Zeile eins Zeile zwei',
      },
    ]);
    expect(parsed.skipped).toBe(2);
  });
});
