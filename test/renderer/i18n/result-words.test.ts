import { describe, expect, it } from 'vitest';
import {
  RESET_SHOWS_WITHIN_SEC,
  outcomeMeaning,
  outcomeWord,
  shortRunCaveat,
  type CellKind,
} from '@renderer/i18n/result-words';
import { createTranslator } from '@renderer/i18n/translator';

const english = createTranslator(['en']);
const german = createTranslator(['de-DE']);

describe('what a result means', () => {
  it.each<CellKind>(['ok', 'exhausted', 'reset', 'error', 'no-connections', 'not-run'])(
    'has a word and a sentence for "%s" in both languages',
    (kind) => {
      expect(english.t(outcomeWord(kind).key)).not.toBe('');
      expect(german.t(outcomeWord(kind).key)).not.toBe('');
      const meaning = outcomeMeaning(kind).key;
      expect(english.t(meaning)).toMatch(/^[A-Z].+\.$/);
      expect(german.t(meaning)).not.toBe(english.t(meaning));
    },
  );

  it('says "not seen in N s" for a graceful run too short for Windows to show its reset', () => {
    const caveat = shortRunCaveat({ mode: 'graceful', outcome: 'ok', elapsedMs: 10_000 });
    expect(caveat).not.toBeNull();
    expect(english.t(caveat!.label.key, caveat!.label.values)).toBe('not seen in 10 s');
    expect(english.t(caveat!.meaning.key, caveat!.meaning.values)).toBe(
      'No reset in 10 s. On Windows the reset of this close order shows only after 30 to 60 s, so this run was too short to tell: run it for at least 60 s.',
    );
    expect(german.t(caveat!.label.key, caveat!.label.values)).toBe('in 10 s nicht aufgetreten');
    const brief = shortRunCaveat({ mode: 'graceful', outcome: 'ok', elapsedMs: 2_468 })!;
    expect(english.t(brief.label.key, brief.label.values)).toBe('not seen in 2.4 s');
    expect(german.t(brief.label.key, brief.label.values)).toBe('in 2,4 s nicht aufgetreten');
  });

  it('leaves "ok" alone when the run was long enough, failed, or its close order has no late failure', () => {
    const full = RESET_SHOWS_WITHIN_SEC * 1000;
    expect(shortRunCaveat({ mode: 'graceful', outcome: 'ok', elapsedMs: full })).toBeNull();
    expect(shortRunCaveat({ mode: 'graceful', outcome: 'ok', elapsedMs: full - 1 })).not.toBeNull();
    expect(shortRunCaveat({ mode: 'graceful', outcome: 'reset', elapsedMs: 5_000 })).toBeNull();
    expect(shortRunCaveat({ mode: 'server', outcome: 'ok', elapsedMs: 5_000 })).toBeNull();
    expect(shortRunCaveat({ mode: 'graceful', outcome: 'no-connections', elapsedMs: 5_000 })).toBeNull();
  });
});
