/**
 * The watch in a few plain lines, for the diagnostics bundle's watch.txt and the terminal: the
 * machine's totals, the busiest destinations with their forecasts, the programs flagged, the alerts.
 */
import type { PortRange } from '../../shared/types';
import { TCP_STATES } from '../../shared/types';
import type { StateCounts, WatchPoll } from '../../shared/watch';
import { count, newPerSecondText, percent } from './words';

/** Destinations the summary lists; the poll itself holds up to its limit. */
const SUMMARY_DESTINATIONS = 10;

export function watchSummaryText(poll: WatchPoll): string {
  const m = poll.machine;
  const lines = [`Watching this computer (${m.platform}), ${poll.time}, ${poll.t} s after watching started.`];
  if (poll.error !== null) {
    lines.push(`This poll could not read the connection table: ${poll.error}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `Connections: ${count(m.connections)}${states(m.byState)}, read from ${poll.source} in ${poll.pollMs} ms.`,
  );
  if (m.ephemeralRange === null) {
    lines.push('Ports for outgoing connections: the range is not known on this computer.');
  } else {
    const excluded = m.excludedRanges.length
      ? `, excluded ${m.excludedRanges.map(rangeText).join(', ')}`
      : '';
    const usable = m.usablePorts ?? 0;
    const held =
      m.ephemeralHeld === null
        ? ''
        : `; ${count(m.ephemeralHeld)} of them in use on the whole computer (${percent(usable > 0 ? m.ephemeralHeld / usable : 1)})`;
    lines.push(
      `Ports for outgoing connections: ${rangeText(m.ephemeralRange)}${excluded}: ${count(usable)} usable toward each destination${held}.`,
    );
  }
  lines.push(`A closed connection stays in TIME_WAIT for ${count(m.timeWaitSeconds)} s here.`);
  if (!m.ownersAvailable)
    lines.push(m.ownersNote ?? 'Which program holds a connection is not available on this system.');
  else if (m.ownersNote) lines.push(m.ownersNote);

  lines.push('', `Destinations this computer connects to: ${count(m.destinations)}.`);
  for (const d of poll.destinations.slice(0, SUMMARY_DESTINATIONS)) {
    const of = d.capacity === null ? '' : ` of ${count(d.capacity)}`;
    lines.push(
      `  ${d.endpoint}: ${count(d.total)} connections${states(d.byState)}, ${count(d.held)}${of} ports held, ${newPerSecondText(d.newPerSecond)}.`,
    );
    lines.push(`    ${d.forecast.text}`);
  }
  if (m.destinations > SUMMARY_DESTINATIONS) {
    lines.push(`  … and ${count(m.destinations - SUMMARY_DESTINATIONS)} more.`);
  }

  const flagged = poll.programs.filter((p) => p.closeWaitLeak);
  lines.push(
    '',
    `Programs holding connections: ${count(m.programs)}; ${count(poll.unowned.total)} connections belong to no program.`,
  );
  for (const p of flagged) {
    lines.push(
      `  ${p.name ?? "Another user's program"} (PID ${p.pid}), ${count(p.total)} connections: ${p.leakReason ?? ''}`.trimEnd(),
    );
  }
  if (flagged.length === 0) lines.push('  No program looks like it leaks connections.');

  if (m.exhaustionEvents) {
    const e = m.exhaustionEvents;
    lines.push(
      '',
      e.available
        ? `Port exhaustion events in Windows' System log in the last 24 hours: ${e.events.length}.`
        : (e.note ?? "Windows' System log could not be read."),
    );
    for (const event of e.events.slice(0, 5))
      lines.push(`  ${event.time} (event ${event.id}): ${event.message.replace(/\s+/g, ' ')}`);
  }

  lines.push('', poll.alerts.length ? 'Alerts:' : 'No alerts.');
  for (const a of poll.alerts) lines.push(`  ${a.text}`);
  return `${lines.join('\n')}\n`;
}

function rangeText(r: PortRange): string {
  return r.start === r.end ? String(r.start) : `${r.start}-${r.end}`;
}

/** " (ESTABLISHED 3, TIME_WAIT 120)": the states that have any, in the usual order. */
function states(byState: StateCounts): string {
  const parts = TCP_STATES.filter((s) => byState[s] > 0).map((s) => `${s} ${count(byState[s])}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
