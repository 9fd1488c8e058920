import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, createTranslator, resolveLocale, type MessageKey } from '@renderer/i18n/translator';

const en: Record<string, string> = CATALOGUES.en;
const languages = Object.entries(CATALOGUES).filter(([language]) => language !== 'en');

/** Each placeholder of a message with its kind, e.g. "count:plural", and the plural's cases. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument) found.add(`${el.value}:text`);
      else if (el.type === TYPE.number) found.add(`${el.value}:number`);
      else if (el.type === TYPE.date || el.type === TYPE.time) found.add(`${el.value}:date`);
      else if (el.type === TYPE.plural || el.type === TYPE.select) {
        found.add(`${el.value}:${el.type === TYPE.plural ? 'plural' : 'select'}`);
        for (const option of Object.values(el.options)) walk(option.value);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

describe('the message catalogues', () => {
  it('parses every message as ICU MessageFormat, with an "other" case in every plural', () => {
    for (const [language, catalogue] of Object.entries(CATALOGUES)) {
      for (const [key, message] of Object.entries(catalogue)) {
        const walk = (elements: MessageFormatElement[]) => {
          for (const el of elements) {
            if (el.type === TYPE.plural || el.type === TYPE.select) {
              expect(Object.keys(el.options), `${language} ${key}`).toContain('other');
              for (const option of Object.values(el.options)) walk(option.value);
            }
          }
        };
        expect(() => walk(parse(message)), `${language} ${key}`).not.toThrow();
      }
    }
  });

  it.each(languages)('has every English key in %s, and no key English lacks', (_language, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(languages)('fills the same placeholders in %s as in English', (language, catalogue) => {
    for (const [key, message] of Object.entries(catalogue as Record<string, string>)) {
      expect(placeholders(message), `${language} ${key}`).toEqual(placeholders(en[key]!));
    }
  });

  it('writes plurals as whole sentences in both languages, numbers in the locale', () => {
    const english = createTranslator(['en-US']);
    const german = createTranslator(['de-DE']);
    expect(english.t('countdown.drain', { count: 1 })).toBe(
      '1 half-connection from the last run is still listed. The next close order starts when they have cleared.',
    );
    expect(english.t('countdown.drain', { count: 16384 })).toMatch(
      /^16,384 half-connections from the last run are still listed\./,
    );
    expect(german.t('countdown.drain', { count: 1 })).toMatch(
      /^1 Halbverbindung des letzten Laufs ist noch aufgeführt\./,
    );
    expect(german.t('countdown.drain', { count: 16384 })).toMatch(
      /^16\.384 Halbverbindungen des letzten Laufs sind noch aufgeführt\./,
    );
    expect(german.t('facts.reservedBlocks', { count: 2, ranges: '50000-50059, 61000-61000' })).toBe(
      '2 Blöcke: 50000-50059, 61000-61000',
    );
    expect(german.number(1234.5)).toBe('1.234,5');
    expect(german.dateTime(Date.UTC(2026, 10, 24, 7, 20, 5), { dateStyle: 'medium', timeZone: 'UTC' })).toBe(
      '24.11.2026',
    );
  });
});

describe('the locale', () => {
  it.each([
    [['de-DE'], 'de', 'de-DE'],
    [['de-AT'], 'de', 'de-AT'],
    [['de'], 'de', 'de'],
    [['en-GB'], 'en', 'en-GB'],
    [['fr-FR'], 'en', 'en'],
    [['not a tag', 'de-CH'], 'de', 'de-CH'],
    [[], 'en', 'en'],
  ])('%j speaks %s, formats for %s', (tags, language, locale) => {
    expect(resolveLocale(tags)).toEqual({ language, locale });
  });

  it('speaks English for a language without a catalogue', () => {
    expect(createTranslator(['fr-FR']).t('state.done')).toBe('Done');
  });

  it('falls back to the English message for a key a translation lacks, or cannot format', () => {
    const catalogues = {
      en: CATALOGUES.en,
      de: { 'state.done': 'Fertig', 'state.failed': '{broken, plural, one {# x}' } as Partial<
        Record<MessageKey, string>
      >,
    };
    const german = createTranslator(['de-DE'], catalogues);
    expect(german.t('state.done')).toBe('Fertig');
    expect(german.t('state.running')).toBe('Running');
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(german.t('state.failed')).toBe('Failed');
    } finally {
      console.error = quiet;
    }
  });
});

describe('a sentence with markup', () => {
  it('keeps the marked words apart and the sentence whole, in each language', () => {
    expect(createTranslator(['en']).parts('run.left', { time: '4 min 05 s' })).toEqual([
      { tag: 'strong', text: '4 min 05 s' },
      ' left at most for the whole Run all.',
    ]);
    expect(createTranslator(['de']).parts('run.left', { time: '4 min 05 s' })).toEqual([
      'Noch höchstens ',
      { tag: 'strong', text: '4 min 05 s' },
      ', bis alle Schließreihenfolgen gelaufen sind.',
    ]);
  });
});
