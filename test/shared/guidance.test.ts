import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GUIDANCE_TEXT,
  WINDOWS_OUTCOME,
  guidanceFor,
  guidanceKeys,
  outcomesToExplain,
  type GuidanceKey,
} from '../../src/shared/guidance';
import {
  LANGUAGES,
  LANGUAGE_FIXES,
  LANGUAGE_NOTES,
  languageNamed,
} from '../../src/shared/guidance-languages';
import { MODES } from '../../src/shared/modes';
import type { Outcome } from '../../src/shared/types';

const OUTCOMES: Outcome[] = ['ok', 'no-connections', 'exhausted', 'reset', 'error'];

describe('guidance', () => {
  it('every sentence the structure names is in the catalogue, and every catalogue sentence is used', () => {
    const used = guidanceKeys();
    for (const key of used) expect(GUIDANCE_TEXT).toHaveProperty([key]);
    expect(new Set(used)).toEqual(new Set(Object.keys(GUIDANCE_TEXT)));
    for (const [key, text] of Object.entries(GUIDANCE_TEXT))
      if (!key.startsWith('guidance.label.') || key === 'guidance.label.samples')
        expect(text, key).toMatch(/^[A-Z"].*[.:]$/s);
  });

  it('a translation is used for every sentence', () => {
    const t = (key: GuidanceKey): string => `[${key}]`;
    for (const outcome of OUTCOMES) {
      const g = guidanceFor(outcome, t);
      const all = [
        g.headline,
        ...g.why,
        ...g.avoid,
        ...g.remedies.flatMap((r) => [r.title, ...r.steps, r.tradeOff]),
      ];
      for (const text of all) expect(text).toMatch(/^\[guidance\..+\]$/);
    }
  });

  it('problems name remedies; ok and no connections do not', () => {
    expect(guidanceFor('exhausted').remedies.map((r) => r.id)).toEqual([
      'server-closes-first',
      'abortive-close',
      'reuse-connections',
      'widen-port-range',
    ]);
    expect(guidanceFor('reset').remedies[0]!.id).toBe('server-closes-first');
    expect(guidanceFor('ok')).toMatchObject({ tone: 'fine', remedies: [], avoid: [] });
    expect(guidanceFor('no-connections')).toMatchObject({ tone: 'inconclusive', remedies: [] });
  });

  it('explains the problems present, gravest first, and ok only when nothing else is there', () => {
    expect(outcomesToExplain(['ok', 'reset', 'exhausted', 'ok'])).toEqual(['exhausted', 'reset']);
    expect(outcomesToExplain(['ok', 'no-connections'])).toEqual(['no-connections', 'ok']);
    expect(outcomesToExplain(['ok'])).toEqual(['ok']);
    expect(outcomesToExplain([])).toEqual([]);
  });

  it('each mode has the outcome Windows gives it', () => {
    for (const mode of MODES) expect(OUTCOMES).toContain(WINDOWS_OUTCOME[mode]);
    expect(WINDOWS_OUTCOME.client).toBe('exhausted');
    expect(WINDOWS_OUTCOME.graceful).toBe('reset');
    expect(WINDOWS_OUTCOME.workaround).toBe('ok');
  });

  it('each language has its fix, its abortive close and a note, and is found by its usual names', () => {
    for (const language of LANGUAGES) {
      const fix = LANGUAGE_FIXES[language];
      expect(fix.fixed).toMatch(/close|drop|destroy/i);
      expect(fix.abort).toMatch(/linger|reset/i);
      expect(LANGUAGE_NOTES).toHaveProperty([fix.note]);
      expect(languageNamed(language)).toBe(language);
      for (const file of fix.sample.split(', ')) expect(existsSync(file), file).toBe(true);
    }
    expect(languageNamed(' C# ')).toBe('csharp');
    expect(languageNamed('Golang')).toBe('go');
    expect(languageNamed('cobol')).toBeNull();
  });
});
