/**
 * The window's language: the one translator every component and lib/format.ts use. It starts from
 * the browser's language (in Electron, the operating system's or the app's locale) and is read
 * through functions, so text written with t() follows a change of locale.
 */
import {
  createTranslator,
  type MessageKey,
  type MessagePart,
  type MessageValues,
  type Translator,
} from './translator';

export type { Language, MessageKey, MessagePart, MessageValues } from './translator';

function browserLanguage(): string[] {
  return typeof navigator !== 'undefined' && navigator.language ? [navigator.language] : [];
}

let current: Translator = $state.raw(createTranslator(browserLanguage()));
markPage();

/** The page says which language it is in, so screen readers pronounce it and spell-checkers pick it. */
function markPage(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = current.locale;
}

/** Another locale, e.g. "de-DE" (for tests and a future language menu); none is the browser's again. */
export function setLocale(tag?: string): void {
  current = createTranslator(tag ? [tag] : browserLanguage());
  markPage();
}

export function t(key: MessageKey, values?: MessageValues): string {
  return current.t(key, values);
}

/** A sentence with markup, as parts: see Message.svelte. */
export function tParts(key: MessageKey, values?: MessageValues): MessagePart[] {
  return current.parts(key, values);
}

/** A number in the window's locale: "16,384" in English, "16.384" in German. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return current.number(value, options);
}

export function formatDateTime(value: Date | string | number, options?: Intl.DateTimeFormatOptions): string {
  return current.dateTime(value, options);
}

export function currentLocale(): { language: string; locale: string } {
  return { language: current.language, locale: current.locale };
}
