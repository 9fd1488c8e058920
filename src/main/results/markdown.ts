/**
 * Results as Markdown: the README-style table (a row per mode, a column per machine, like the
 * original program's "Windows 10 | Linux" table) and a report that adds what a bug report needs:
 * each machine's facts, its runs and its first errors with times and ports for a packet trace.
 * The cell wording comes from src/shared/outcome.ts so every view says the same thing.
 */
import type { ResultsDocument } from '../../shared/contract';
import { machineLabel, osLabel } from '../../shared/machine-label';
import { guidanceMarkdown } from './guidance-text';
import { EXHAUSTION_LABEL, exhaustionEventLines, exhaustionSummary } from './exhaustion-text';
import { MODE_INFO, type Mode } from '../../shared/modes';
import {
  buildResultsTable,
  errorName,
  formatCount,
  formatSeconds,
  resultCell,
  type ResultsColumn,
} from '../../shared/outcome';
import type { Fact, Outcome, PortRange, RunResult, StopReason, SystemInfo } from '../../shared/types';

/** Errors listed one by one per run in the report; the rest are counted. */
export const REPORT_ERRORS_PER_RUN = 10;

/** Makes text safe inside a table cell or a list item: no line breaks, no table or markup characters. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\r\n|\r|\n/g, ' ')
      // A backslash only escapes punctuation, so "HKLM\\SYSTEM" stays as it is.
      .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
      .replace(/[`*[\]<>|]/g, (c) => `\\${c}`)
      .trim()
  );
}

/** A label per document, made unique by the save time and then a number when machines repeat. */
export function documentLabels(docs: readonly ResultsDocument[]): string[] {
  const base = docs.map((d) => machineLabel(d.machine));
  const dated = base.map((label, i) =>
    base.filter((l) => l === label).length > 1 ? `${label}, ${shortTime(docs[i]!.createdAt)}` : label,
  );
  const seen = new Map<string, number>();
  return dated.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return dated.filter((l) => l === label).length > 1 ? `${label} #${n}` : label;
  });
}

/** "2026-11-24 07:18" from an ISO time, or the text as it is when it is not one. */
function shortTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** The README-style table: a row per mode, a column per document (machine). */
export function resultsTableMarkdown(docs: readonly ResultsDocument[]): string {
  const labels = documentLabels(docs);
  const columns: ResultsColumn[] = docs.map((d, i) => ({ machine: labels[i]!, runs: d.runs }));
  const built = buildResultsTable(columns);
  if (built.rows.length === 0)
    return table(
      ['mode', ...built.machines.map(escapeMarkdown)],
      [['(no runs)', ...built.machines.map(() => '')]],
    );
  return table(
    ['mode', ...built.machines.map(escapeMarkdown)],
    built.rows.map((r) => [r.mode, ...r.cells.map((c) => (c ? escapeMarkdown(c.label) : 'not run'))]),
  );
}

const OUTCOME_ORDER: Outcome[] = ['ok', 'no-connections', 'exhausted', 'reset', 'error'];

function legend(docs: readonly ResultsDocument[]): string[] {
  const runs = docs.flatMap((d) => d.runs);
  const outcomes = OUTCOME_ORDER.filter((o) => runs.some((r) => r.outcome === o));
  const modes: Mode[] = [];
  for (const r of runs) if (!modes.includes(r.mode)) modes.push(r.mode);
  const lines: string[] = [];
  if (outcomes.length > 0) {
    lines.push('What the results mean:', '');
    for (const o of outcomes) {
      const sample = runs.find((r) => r.outcome === o)!;
      lines.push(`- **${o}**: ${resultCell(sample).meaning}`);
    }
    lines.push('');
  }
  if (modes.length > 0) {
    lines.push('What each mode does:', '');
    for (const m of modes) lines.push(`- **${m}**: ${MODE_INFO[m].does}`);
    lines.push('');
  }
  return lines;
}

function describeRange(range: PortRange): string {
  return range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`;
}

function describeFact<T>(fact: Fact<T> | undefined, show: (value: T) => string): string | null {
  if (!fact) return null;
  const value = fact.value === null ? `unknown${fact.error ? ` (${fact.error})` : ''}` : show(fact.value);
  return fact.source ? `${value} (from ${fact.source})` : value;
}

/** The machine's facts as label/value pairs, unknown facts said so, absent ones left out. */
export function machineFacts(system: SystemInfo): [string, string][] {
  const facts: [string, string | null][] = [
    ['Operating system', `${osLabel(system)}; ${system.platform} ${system.release}, ${system.arch}`],
    ['Host name', system.hostname],
    ['Processors', String(system.cpus)],
    [
      'SocketCloseTest',
      `${system.appVersion} (Node ${system.nodeVersion}${system.electronVersion ? `, Electron ${system.electronVersion}` : ', command line'})`,
    ],
    [
      'Ephemeral port range',
      describeFact(system.ephemeralRange, (r) => `${describeRange(r)} (${formatCount(r.count)} ports)`),
    ],
    [
      'Excluded port ranges',
      describeFact(system.excludedRanges, (list) =>
        list.length === 0 ? 'none' : list.map(describeRange).join(', '),
      ),
    ],
    ['TIME_WAIT length', describeFact(system.timeWaitDelay, (v) => v)],
    ['TIME_WAIT reuse (tcp_tw_reuse)', describeFact(system.twReuse, (v) => String(v))],
    ['Emulation', system.emulation ?? null],
    [EXHAUSTION_LABEL, system.exhaustionEvents ? exhaustionSummary(system.exhaustionEvents) : null],
  ];
  return facts.filter((f): f is [string, string] => f[1] !== null);
}

const STOP_WORDS: Record<StopReason, string> = {
  duration: 'time was up',
  'connection-limit': 'connection limit reached',
  'max-errors': 'error limit reached',
  stopped: 'stopped by the user',
  failed: 'failed',
};

function stopWords(run: RunResult): string {
  return run.stopReason === 'failed' && run.failure ? `failed: ${run.failure}` : STOP_WORDS[run.stopReason];
}

function totalErrors(run: RunResult): number {
  return Object.values(run.errorCounts).reduce((a, b) => a + b, 0);
}

const STATUS_WORDS: Record<ResultsDocument['status'], string> = {
  complete: 'complete',
  stopped: 'stopped before the end',
  failed: 'failed before the end',
};

function machineSection(doc: ResultsDocument, label: string): string[] {
  const out: string[] = [`## ${escapeMarkdown(label)}`, ''];
  out.push(
    table(
      ['fact', 'value'],
      [
        ...machineFacts(doc.machine).map(([k, v]) => [k, escapeMarkdown(v)]),
        ['Results', escapeMarkdown(`${STATUS_WORDS[doc.status]}, saved ${doc.createdAt}`)],
      ],
    ),
    '',
  );
  const events = doc.machine.exhaustionEvents;
  if (events && events.events.length > 0) {
    out.push(
      `### ${EXHAUSTION_LABEL}`,
      '',
      ...exhaustionEventLines(events).map((l) => `- ${escapeMarkdown(l)}`),
      '',
    );
  }
  if (doc.runs.length === 0) return [...out, 'No runs were recorded.', ''];
  out.push('### Runs', '');
  out.push(
    table(
      ['mode', 'result', 'connections', 'time', 'errors', 'ended because'],
      doc.runs.map((r) => [
        r.mode,
        escapeMarkdown(r.summary),
        formatCount(r.connections),
        formatSeconds(r.elapsedMs),
        formatCount(totalErrors(r)),
        escapeMarkdown(stopWords(r)),
      ]),
    ),
    '',
  );
  const counted = doc.runs.flatMap((r) =>
    Object.entries(r.errorCounts)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => {
        const named = r.errors.find((e) => e.code === code);
        return [
          r.mode,
          escapeMarkdown(named ? errorName(named) : code),
          escapeMarkdown(code),
          formatCount(n),
        ];
      }),
  );
  const ignored = doc.runs.filter((r) => r.ignoredReadErrors > 0);
  if (counted.length === 0 && ignored.length === 0) return [...out, 'No errors.', ''];
  out.push('### Errors', '');
  if (counted.length > 0) out.push(table(['mode', 'error', 'code', 'count'], counted), '');
  for (const r of ignored)
    out.push(`${r.mode}: ${formatCount(r.ignoredReadErrors)} read errors ignored as designed.`, '');
  const listed = doc.runs.filter((r) => r.errors.length > 0);
  if (listed.length > 0) {
    out.push(
      `First errors (up to ${REPORT_ERRORS_PER_RUN} per mode; times and ports match a packet trace):`,
      '',
    );
    out.push(
      table(
        ['mode', 'time', 'side', 'operation', 'error', 'local port', 'peer port', 'connection'],
        listed.flatMap((r) =>
          r.errors
            .slice(0, REPORT_ERRORS_PER_RUN)
            .map((e) => [
              r.mode,
              escapeMarkdown(e.time),
              e.side,
              e.op,
              escapeMarkdown(e.winsock ? `${e.winsock.name} (${e.winsock.number})` : e.code),
              e.localPort === null ? '-' : String(e.localPort),
              e.peerPort === null ? '-' : String(e.peerPort),
              formatCount(e.connection),
            ]),
        ),
      ),
      '',
    );
    for (const r of doc.runs) {
      const unlisted = Math.max(0, r.errors.length - REPORT_ERRORS_PER_RUN) + r.errorsOmitted;
      if (unlisted > 0) out.push(`${r.mode}: ${formatCount(unlisted)} more errors are not listed here.`, '');
    }
  }
  return out;
}

/**
 * The whole report for a bug report: the table, what its words mean, then each machine's facts,
 * runs and error summary.
 */
export function reportMarkdown(docs: readonly ResultsDocument[]): string {
  const labels = documentLabels(docs);
  const lines = ['# SocketCloseTest results', '', resultsTableMarkdown(docs), '', ...legend(docs)];
  lines.push(...guidanceMarkdown(docs.flatMap((d) => d.runs.map((r) => r.outcome))));
  docs.forEach((doc, i) => lines.push(...machineSection(doc, labels[i]!)));
  return `${lines.join('\n').trimEnd()}\n`;
}
