/**
 * The guidance of src/shared/guidance.ts as text: plain for the terminal and the bundle's
 * README, Markdown for the report. Both say the same sentences in the same order.
 */
import { guidanceFor, guidanceLabel, outcomesToExplain, type Guidance } from '../../shared/guidance';
import { LANGUAGE_FIXES, languageNote, type Language } from '../../shared/guidance-languages';
import type { Outcome } from '../../shared/types';

const WIDTH = 100;

/** Word-wraps one paragraph to WIDTH columns, every line after the first indented by `hang`. */
export function wrap(text: string, indent = '', hang = indent): string[] {
  const lines: string[] = [];
  let line = indent;
  let bare = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!bare && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = hang + word;
    } else line += (bare ? '' : ' ') + word;
    bare = false;
  }
  lines.push(line);
  return lines;
}

const indentBlock = (code: string, indent: string): string[] => code.split('\n').map((l) => indent + l);

/** One outcome's guidance as plain text lines. */
export function guidancePlain(g: Guidance): string[] {
  const out = [...wrap(`${g.outcome}: ${g.headline}`, '', '  '), '', `${guidanceLabel('why')}:`];
  for (const why of g.why) out.push(...wrap(why, '  - ', '    '));
  if (g.remedies.length > 0) {
    out.push('', `${guidanceLabel('title')}:`);
    g.remedies.forEach((r, i) => {
      out.push(...wrap(r.title, `  ${i + 1}. `, '     '));
      for (const step of r.steps) out.push(...wrap(step, '     - ', '       '));
      out.push(...wrap(`${guidanceLabel('tradeOff')}: ${r.tradeOff}`, '     ', '     '));
    });
  }
  if (g.avoid.length > 0) {
    out.push('', `${guidanceLabel('avoid')}:`);
    for (const a of g.avoid) out.push(...wrap(a, '  - ', '    '));
  }
  return out;
}

/** The fix in one language, as plain text lines. */
export function languagePlain(language: Language): string[] {
  const fix = LANGUAGE_FIXES[language];
  return [
    ...wrap(`In ${fix.name} (the whole program: ${fix.sample}; run: ${fix.run}):`, '', '  '),
    '',
    '  The client asks the server to close, reads to the end, then closes:',
    ...indentBlock(fix.fixed, '    '),
    '',
    '  The abortive close (no TIME_WAIT, but a reset and any unsent data lost):',
    ...indentBlock(fix.abort, '    '),
    '',
    ...wrap(languageNote(fix), '  ', '  '),
  ];
}

/** "What to change in your code" for the outcomes of a set of runs, as Markdown lines. */
export function guidanceMarkdown(outcomes: Iterable<Outcome>): string[] {
  const explained = outcomesToExplain(outcomes);
  if (explained.length === 0) return [];
  const out = [`## ${guidanceLabel('title')}`, ''];
  for (const outcome of explained) {
    const g = guidanceFor(outcome);
    out.push(`### ${outcome}: ${g.headline}`, '');
    for (const why of g.why) out.push(`- ${why}`);
    out.push('');
    if (g.remedies.length > 0) {
      g.remedies.forEach((r, i) => {
        out.push(
          `${i + 1}. **${r.title}** ${r.steps.join(' ')} _${guidanceLabel('tradeOff')}:_ ${r.tradeOff}`,
        );
      });
      out.push('');
    }
    if (g.avoid.length > 0) {
      out.push(`${guidanceLabel('avoid')}:`, '');
      for (const a of g.avoid) out.push(`- ${a}`);
      out.push('');
    }
  }
  if (explained.some((o) => guidanceFor(o).tone === 'problem'))
    // The command as code, so "<result>" is not read as a tag.
    out.push(guidanceLabel('samples').replace(/"(socketclosetest [^"]+)"/, '`$1`'), '');
  return out;
}

/** The same for the bundle's README.txt: plain text lines. */
export function guidanceReadme(outcomes: Iterable<Outcome>): string[] {
  const explained = outcomesToExplain(outcomes);
  if (explained.length === 0) return [];
  const title = guidanceLabel('title');
  const out = [title, '='.repeat(title.length)];
  for (const outcome of explained) out.push('', ...guidancePlain(guidanceFor(outcome)));
  return out;
}
