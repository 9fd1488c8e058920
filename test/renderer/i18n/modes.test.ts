import { describe, expect, it } from 'vitest';
import { MODES, MODE_INFO } from '@shared/modes';
import { knownOnLinux, knownOnWindows, modeDoes } from '@renderer/i18n/modes';
import { createTranslator } from '@renderer/i18n/translator';

describe('the close orders in the catalogue', () => {
  const english = createTranslator(['en']);
  const german = createTranslator(['de']);

  it.each(MODES)('say in English what the files say of "%s", and in German something else', (mode) => {
    const info = MODE_INFO[mode];
    expect(english.t(modeDoes(mode))).toBe(info.does);
    expect(english.t(knownOnWindows(mode))).toBe(info.windows);
    expect(english.t(knownOnLinux(mode))).toBe(info.linux);
    expect(german.t(modeDoes(mode))).not.toBe(info.does);
  });
});
