/**
 * Turns a message key and its values into a sentence in one locale. Messages are ICU
 * MessageFormat (plurals, numbers and dates are formatted by Intl for the locale), kept one file
 * per language under messages/; a language's missing message falls back to English.
 */
import IntlMessageFormat from 'intl-messageformat';
import de from './messages/de.json';
import en from './messages/en.json';

/** Every message the window shows; English is the complete catalogue the others are checked against. */
export type MessageKey = keyof typeof en;
export type Catalogue = Partial<Record<MessageKey, string>>;
export type MessageValues = Record<string, string | number | Date>;

/** The languages with a catalogue. A new language is a new messages/xx.json, named here. */
export const CATALOGUES = { en, de } satisfies Record<string, Catalogue>;
export type Language = keyof typeof CATALOGUES;

export const FALLBACK_LANGUAGE = 'en' satisfies Language;

/**
 * The language and formatting locale for a BCP 47 tag such as "de-AT": the first tag whose
 * language has a catalogue wins, with its region kept for numbers and dates; otherwise English.
 * Unknown languages format numbers the English way too, so a sentence never mixes two conventions.
 */
export function resolveLocale<L extends string = Language>(
  tags: readonly string[],
  languages: readonly L[] = Object.keys(CATALOGUES) as L[],
): { language: L | typeof FALLBACK_LANGUAGE; locale: string } {
  for (const tag of tags) {
    let canonical: string;
    try {
      canonical = Intl.getCanonicalLocales(tag)[0] ?? '';
    } catch {
      continue; // not a well-formed tag
    }
    const language = canonical.split('-')[0]?.toLowerCase() ?? '';
    const known = languages.find((l) => l === language);
    if (known) return { language: known, locale: canonical };
  }
  return { language: FALLBACK_LANGUAGE, locale: FALLBACK_LANGUAGE };
}

/** A piece of a message with markup: plain text, or the text inside one of its tags. */
export type MessagePart = string | { tag: string; text: string };

/** The tags a message may hold, e.g. "<strong>{time}</strong> left": emphasis inside a whole sentence. */
export const MESSAGE_TAGS = ['strong', 'em'] as const;

export interface Translator {
  readonly language: string;
  /** The BCP 47 tag numbers and dates are formatted for, e.g. "de-DE". */
  readonly locale: string;
  /** The sentence for a key, its placeholders filled in. */
  t(key: MessageKey, values?: MessageValues): string;
  /** The sentence for a key as parts, its tags kept apart, for a component to mark them up. */
  parts(key: MessageKey, values?: MessageValues): MessagePart[];
  number(value: number, options?: Intl.NumberFormatOptions): string;
  dateTime(value: Date | string | number, options?: Intl.DateTimeFormatOptions): string;
}

/**
 * A translator for the first of `tags` that has a catalogue. Tests hand in their own catalogues
 * (English is always the fallback); the window uses the shipped ones.
 */
export function createTranslator(
  tags: readonly string[],
  catalogues: Readonly<Record<string, Catalogue>> = CATALOGUES,
): Translator {
  const { language, locale } = resolveLocale(tags, Object.keys(catalogues));
  const own: Catalogue = catalogues[language] ?? {};
  const messages = new Map<string, IntlMessageFormat>();
  const numbers = new Map<string, Intl.NumberFormat>();
  const dates = new Map<string, Intl.DateTimeFormat>();

  function compiled(key: MessageKey, source: string, from: string): IntlMessageFormat {
    const id = `${from}:${key}`;
    let format = messages.get(id);
    if (!format) {
      format = new IntlMessageFormat(source, locale);
      messages.set(id, format);
    }
    return format;
  }

  function render(format: IntlMessageFormat, values?: MessageValues): string {
    const out = format.format(values);
    return Array.isArray(out) ? out.join('') : String(out);
  }

  type Tagged = Record<string, MessageValues[string] | ((chunks: MessagePart[]) => MessagePart)>;
  function tagged(values?: MessageValues): Tagged {
    const withTags: Tagged = { ...values };
    for (const tag of MESSAGE_TAGS)
      withTags[tag] = (chunks) => ({
        tag,
        text: chunks.map((c) => (typeof c === 'string' ? c : c.text)).join(''),
      });
    return withTags;
  }

  function renderParts(format: IntlMessageFormat, values?: MessageValues): MessagePart[] {
    const out = format.format<MessagePart>(tagged(values));
    const list = Array.isArray(out) ? out : [out];
    // Neighbouring text pieces joined, so a sentence's plain words stay one string.
    const joined: MessagePart[] = [];
    for (const part of list) {
      const last = joined[joined.length - 1];
      if (typeof part === 'string' && typeof last === 'string') joined[joined.length - 1] = last + part;
      else joined.push(typeof part === 'string' ? part : (part as MessagePart));
    }
    return joined;
  }

  return {
    language,
    locale,
    parts(key, values) {
      const translated = own[key];
      if (translated !== undefined && language !== FALLBACK_LANGUAGE) {
        try {
          return renderParts(compiled(key, translated, language), values);
        } catch (error) {
          console.error(`message "${key}" (${language}) could not be formatted:`, error);
        }
      }
      return renderParts(compiled(key, en[key], FALLBACK_LANGUAGE), values);
    },
    t(key, values) {
      const translated = own[key];
      if (translated !== undefined && language !== FALLBACK_LANGUAGE) {
        try {
          return render(compiled(key, translated, language), values);
        } catch (error) {
          // A broken translation must not blank the window: the English sentence stands in.
          console.error(`message "${key}" (${language}) could not be formatted:`, error);
        }
      }
      return render(compiled(key, en[key], FALLBACK_LANGUAGE), values);
    },
    number(value, options) {
      const id = JSON.stringify(options ?? {});
      let format = numbers.get(id);
      if (!format) {
        format = new Intl.NumberFormat(locale, options);
        numbers.set(id, format);
      }
      return format.format(value);
    },
    dateTime(value, options) {
      const id = JSON.stringify(options ?? {});
      let format = dates.get(id);
      if (!format) {
        format = new Intl.DateTimeFormat(locale, options);
        dates.set(id, format);
      }
      return format.format(typeof value === 'string' ? new Date(value) : value);
    },
  };
}
