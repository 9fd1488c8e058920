/**
 * What `socketclosetest watch` prints each poll: a compact block that reads at 80 columns. The
 * machine's totals first, then the destinations that hold the most ports with their forecast in
 * words, the programs that look like they leak, and the alerts. Plain text; the command decides
 * whether a terminal redraws it in place.
 */
import { formatCount } from '../../shared/outcome';
import { TCP_STATES, type TcpState } from '../../shared/types';
import type { DestinationStat, ProgramStat, WatchPoll } from '../../shared/watch';

export interface WatchBlockOptions {
  /** Columns to fit; sentences longer than this wrap. */
  width?: number;
  /** Destinations listed (the busiest first). */
  destinations?: number;
}

/** Terminal control: cursor to the top left, then clear to the end of the screen. */
export const REDRAW = '\x1b[H\x1b[J';

/** "15:04:22" from the poll's ISO local time (the time as written when it has no clock part). */
export function clockOf(iso: string): string {
  const match = /T(\d\d:\d\d:\d\d)/.exec(iso);
  return match ? match[1]! : iso;
}

/** "5%", or "<1%" when something is held but it rounds to nothing. */
export function percent(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** A rate per second: one decimal below 10, whole above. */
export function rate(perSecond: number): string {
  if (perSecond === 0) return '0';
  return perSecond < 10 ? perSecond.toFixed(1) : formatCount(Math.round(perSecond));
}

/**
 * Words to lines of at most `width` columns, the first starting with `indent`, the others with
 * `rest` (the same by default). A word longer than a line stays whole.
 */
export function wrap(text: string, width: number, indent = '', rest = indent): string[] {
  const lines: string[] = [];
  let prefix = indent;
  let line = prefix;
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    if (line.length > prefix.length && line.length + 1 + word.length > width) {
      lines.push(line);
      prefix = rest;
      line = prefix;
    }
    line += line.length > prefix.length ? ` ${word}` : word;
  }
  if (line.length > prefix.length) lines.push(line);
  return lines;
}

/** "ESTABLISHED 3, CLOSE_WAIT 120": the states that are not zero, in TCP's order. */
export function stateList(byState: Record<TcpState, number>): string {
  const parts: string[] = [];
  for (const state of TCP_STATES)
    if (byState[state] > 0) parts.push(`${state} ${formatCount(byState[state])}`);
  return parts.join(', ');
}

function programName(program: ProgramStat): string {
  return `${program.name ?? "another user's program"} (PID ${program.pid})`;
}

function destinationLines(d: DestinationStat, width: number): string[] {
  const held =
    d.capacity !== null
      ? `${formatCount(d.held)} of ${formatCount(d.capacity)} ports (${percent(d.share ?? 0)})`
      : `${formatCount(d.held)} ports`;
  const head = `  ${d.endpoint}  ${held}, ${rate(d.newPerSecond)} new/s`;
  const lines = head.length <= width ? [head] : wrap(head, width, '  ');
  if (d.forecast.text) lines.push(...wrap(d.forecast.text, width, '    '));
  return lines;
}

/** The lines of one poll's block, none longer than `width` unless a single word is. */
export function watchBlock(
  poll: WatchPoll,
  { width = 80, destinations = 5 }: WatchBlockOptions = {},
): string[] {
  const m = poll.machine;
  const lines: string[] = [];
  lines.push(
    `${clockOf(poll.time)}  watching for ${formatSeconds(poll.t)}, poll took ${Math.round(poll.pollMs)} ms`,
  );
  if (poll.error) {
    lines.push(...wrap(poll.error, width, '  '));
    return lines;
  }
  const timeWait = m.byState.TIME_WAIT;
  lines.push(
    ...wrap(
      `${formatCount(m.connections)} connections, ${formatCount(timeWait)} in TIME_WAIT ` +
        `(each held ${formatCount(m.timeWaitSeconds)} s)`,
      width,
      '  ',
    ),
  );
  if (m.ephemeralRange) {
    const usable = m.usablePorts ?? m.ephemeralRange.count;
    const held = m.ephemeralHeld;
    const excluded = m.excludedRanges.length
      ? `, ${m.excludedRanges.length} excluded range${m.excludedRanges.length === 1 ? '' : 's'}`
      : '';
    lines.push(
      ...wrap(
        `ephemeral ports ${m.ephemeralRange.start}-${m.ephemeralRange.end}` +
          (held !== null
            ? `: ${formatCount(held)} held of ${formatCount(usable)} usable (${percent(usable > 0 ? held / usable : 0)})`
            : `: ${formatCount(usable)} usable`) +
          excluded,
        width,
        '  ',
      ),
    );
  } else {
    lines.push('  ephemeral port range: not known on this system');
  }

  const shown = poll.destinations.slice(0, destinations);
  if (shown.length === 0) {
    lines.push('No connections from this computer to anywhere.');
  } else {
    lines.push(
      `Destinations, the busiest ${formatCount(shown.length)} of ${formatCount(m.destinations)}: ` +
        'ports held, new connections a second',
    );
    for (const d of shown) lines.push(...destinationLines(d, width));
  }

  if (m.ownersAvailable) {
    const busiest = poll.programs[0];
    lines.push(
      ...wrap(
        `${formatCount(m.programs)} program${m.programs === 1 ? ' holds' : 's hold'} connections` +
          (busiest ? `; the most: ${programName(busiest)}, ${formatCount(busiest.total)}.` : '.'),
        width,
        '',
        '  ',
      ),
    );
    const unowned = poll.unowned.total;
    const note = [
      unowned > 0 ? `${formatCount(unowned)} belong to no program.` : null,
      // The reader's note says why (TIME_WAIT has no owner; other users' programs).
      m.ownersNote,
    ].filter(Boolean);
    if (note.length) lines.push(...wrap(note.join(' '), width, '  '));
  }

  const leaks = poll.programs.filter((p) => p.closeWaitLeak);
  if (leaks.length) {
    lines.push('Programs that do not close sockets their peer closed (a likely leak):');
    for (const p of leaks) {
      lines.push(
        ...wrap(`${programName(p)}: ${formatCount(p.byState.CLOSE_WAIT)} in CLOSE_WAIT`, width, '  '),
      );
      if (p.leakReason) lines.push(...wrap(p.leakReason, width, '    '));
    }
  }
  if (!m.ownersAvailable && m.ownersNote) lines.push(...wrap(m.ownersNote, width));

  const events = m.exhaustionEvents;
  if (events?.available && events.events.length) {
    const newest = events.events[0]!;
    lines.push(
      ...wrap(
        `Windows logged ${events.events.length} port-exhaustion event${events.events.length === 1 ? '' : 's'} ` +
          `(TCP/IP ${[...new Set(events.events.map((e) => e.id))].join(', ')}) in the last 24 hours, ` +
          `the newest at ${newest.time}.`,
        width,
      ),
    );
  }

  for (const alert of poll.alerts) lines.push(...wrap(alert.text, width, '! ', '  '));
  return lines;
}

/** "45 s", "2 min 05 s", "1 h 03 min". */
export function formatSeconds(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** The block as one text: after REDRAW when the terminal redraws in place, else as plain lines. */
export function watchText(poll: WatchPoll, { redraw = false, width = 80 } = {}): string {
  const text = watchBlock(poll, { width }).join('\n');
  return redraw ? `${REDRAW}${text}` : `${text}\n`;
}
