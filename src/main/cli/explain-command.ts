/**
 * `explain [mode|outcome] [--lang L]`: what to change in your code, in the terminal. The same
 * sentences as the window, the Markdown report and the bundle.
 */
import { parseArgs } from 'node:util';
import { WINDOWS_OUTCOME, guidanceFor } from '../../shared/guidance';
import { LANGUAGES, languageNamed, type Language } from '../../shared/guidance-languages';
import { MODES, MODE_INFO, isMode } from '../../shared/modes';
import type { Outcome } from '../../shared/types';
import { guidancePlain, languagePlain } from '../results/guidance-text';
import { clip } from '../results/clip';
import { UserError } from '../user-error';

export const OUTCOMES: readonly Outcome[] = ['exhausted', 'reset', 'error', 'no-connections', 'ok'];

export const EXPLAIN_USAGE = `Usage: socketclosetest explain [mode|result] [--lang L]

Prints what to change in your code: why the result happens and the remedies, with their
trade-offs. Without a mode or result it explains every result.
  mode      ${MODES.join(', ')}: the result that mode gives on Windows
  result    ${OUTCOMES.join(', ')}
  --lang L  the fix in one language too: ${LANGUAGES.join(', ')}`;

/** Bad usage of explain: answered with a pointer to its own help, exit code 2. */
export class ExplainUsageError extends UserError {
  override name = 'ExplainUsageError';
  constructor(message: string) {
    super(message, { hint: 'Run "socketclosetest explain --help" for the usage.' });
  }
}

interface ExplainIo {
  stdout: (text: string) => void;
}

function parse(argv: readonly string[]): { topic?: string; lang?: string; help: boolean } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { lang: { type: 'string', short: 'l' }, help: { type: 'boolean', short: 'h' } },
    });
    if (positionals.length > 1)
      throw new ExplainUsageError(`Unexpected argument "${clip(positionals[1]!)}".`);
    return { topic: positionals[0], lang: values.lang, help: values.help ?? false };
  } catch (error) {
    if (error instanceof ExplainUsageError) throw error;
    const e = error as Error & { code?: string };
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new ExplainUsageError('--lang needs a language.');
    throw new ExplainUsageError(e.message.replace(/\. To specify a positional.*$/s, '.'));
  }
}

function languageOf(name: string | undefined): Language | null {
  if (name === undefined) return null;
  const language = languageNamed(name);
  if (!language)
    throw new ExplainUsageError(
      `There is no sample for "${clip(name)}": choose one of ${LANGUAGES.join(', ')}.`,
    );
  return language;
}

/** Prints the guidance; answers the exit code (0; bad usage throws and ends as 2). */
export function runExplainCommand(argv: readonly string[], io: ExplainIo): number {
  const { topic, lang, help } = parse(argv);
  if (help) {
    io.stdout(EXPLAIN_USAGE);
    return 0;
  }
  const language = languageOf(lang);
  const lines: string[] = [];
  let outcomes: readonly Outcome[] = OUTCOMES;
  if (topic !== undefined) {
    const word = topic.trim().toLowerCase();
    if (isMode(word)) {
      const info = MODE_INFO[word];
      lines.push(`${word}: ${info.does}`, `On Windows 10: ${info.windows}. On Linux: ${info.linux}.`, '');
      outcomes = [WINDOWS_OUTCOME[word]];
    } else if ((OUTCOMES as readonly string[]).includes(word)) {
      outcomes = [word as Outcome];
    } else {
      throw new ExplainUsageError(
        `"${clip(topic)}" is neither a mode nor a result. Modes: ${MODES.join(', ')}. Results: ${OUTCOMES.join(', ')}.`,
      );
    }
  }
  outcomes.forEach((outcome, i) => {
    if (i > 0) lines.push('', '');
    lines.push(...guidancePlain(guidanceFor(outcome)));
  });
  const problem = outcomes.some((o) => guidanceFor(o).tone === 'problem');
  if (language) lines.push('', ...languagePlain(language));
  else if (problem) lines.push('', `The fix in code: add --lang with one of ${LANGUAGES.join(', ')}.`);
  io.stdout(lines.join('\n'));
  return 0;
}
