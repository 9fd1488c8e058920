import { describe, expect, it } from 'vitest';
import { resultCell, summarize } from '@shared/outcome';
import {
  cellLabel,
  runOfCell,
  runSummary,
  RESET_SHOWS_WITHIN_SEC,
  outcomeMeaning,
  outcomeWord,
  shortRunCaveat,
  type CellKind,
} from '@renderer/i18n/result-words';
import { createTranslator } from '@renderer/i18n/translator';
import { errorRecord, runResult } from '../fixtures';

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

describe('a result cell in words', () => {
  const runs = [
    runResult('server'),
    runResult('client', [errorRecord(1), errorRecord(2)]),
    runResult('graceful', [errorRecord(1, 'ECONNRESET'), errorRecord(5, 'ECONNRESET')], 412_000),
    runResult('any', [errorRecord(1, 'EPIPE', { op: 'write' })]),
    { ...runResult('abort', [], 0), outcome: 'no-connections' as const },
    { ...runResult('simultaneous', [errorRecord(3)]), interrupted: true },
  ];

  it.each(runs.map((run) => [run.mode, run] as const))(
    'words the %s cell in English exactly as the exported files do',
    (_mode, run) => {
      const words = cellLabel(run);
      expect(english.t(words.key, words.values)).toBe(resultCell(run).label);
    },
  );

  it('words the cells in German, numbers the German way', () => {
    const german = (run: (typeof runs)[number]) => {
      const words = cellLabel(run);
      return createTranslator(['de-DE']).t(words.key, words.values);
    };
    expect(german(runs[1]!)).toBe('WSAEADDRINUSE nach 16.000 Verbindungen');
    expect(german(runs[2]!)).toBe('gelegentlich WSAECONNRESET (2 von 412.000)');
    expect(german(runs[4]!)).toBe('keine Verbindungen');
    expect(german(runs[5]!)).toBe('WSAEADDRINUSE nach 16.002 Verbindungen (vorzeitig angehalten)');
  });

  it('finds the run a cell shows: the last of its close order', () => {
    const first = runResult('client');
    const second = runResult('client', [errorRecord(1)]);
    expect(runOfCell([first, runResult('server'), second], 'client')).toBe(second);
    expect(runOfCell([first], 'graceful')).toBeNull();
  });
});

describe("a run's summary in words", () => {
  const english = createTranslator(['en']);
  const german = createTranslator(['de-DE']);
  const time = (t: typeof english, ms: number) => {
    const s = ms / 1000;
    const seconds =
      s < 10 ? t.number(s, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : t.number(Math.round(s));
    return t.t('summary.time', { seconds });
  };
  const runs = [
    runResult('server'),
    { ...runResult('workaround'), ignoredReadErrors: 3 },
    { ...runResult('workaround'), ignoredReadErrors: 1, elapsedMs: 61_400 },
    runResult('client', [errorRecord(1), errorRecord(2)]),
    runResult('graceful', [errorRecord(1, 'ECONNRESET')], 412_000),
    runResult('graceful', [errorRecord(1, 'ECONNRESET'), errorRecord(5, 'ECONNRESET')], 412_000),
    runResult('any', [errorRecord(1, 'EPIPE', { op: 'write' })]),
    { ...runResult('abort', [], 0), outcome: 'no-connections' as const },
  ];

  it.each(runs.map((run, i) => [i, run] as const))(
    'words run %i in English exactly as the files do',
    (_i, run) => {
      const words = runSummary(run, time(english, run.elapsedMs));
      const expected = summarize({ ...run, errors: run.errors });
      expect(english.t(words.key, words.values)).toBe(expected);
    },
  );

  it('words them in German, numbers the German way', () => {
    const say = (run: (typeof runs)[number]) => {
      const words = runSummary(run, time(german, run.elapsedMs));
      return german.t(words.key, words.values);
    };
    expect(say(runs[0]!)).toBe('ok: 16.383 Verbindungen in 1,4 s, keine Fehler');
    expect(say(runs[2]!)).toBe(
      'ok: 16.383 Verbindungen in 61 s, keine Fehler, 1 Lesefehler wie vorgesehen übergangen',
    );
    expect(say(runs[4]!)).toBe('Lesen scheiterte mit WSAECONNRESET einmal in 412.000 Verbindungen in 1,4 s');
  });
});
