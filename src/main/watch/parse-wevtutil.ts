/**
 * `wevtutil qe System /q:"..." /f:text` output: a block per event,
 *
 *     Event[0]:
 *       Log Name: System
 *       Source: Tcpip
 *       Date: 2026-12-03T14:55:12.3450000Z
 *       Event ID: 4227
 *       ...
 *       Description:
 *     TCP/IP failed to establish an outgoing connection because ...
 *
 * The labels follow the system's language (German "Datum:", "Ereignis-ID:", "Beschreibung:"), so
 * a label is only a first guess: the date is the value that reads as one, the event ID the value
 * that is 4227 or 4231, and the description whatever follows its label up to the next block.
 */
import type { ExhaustionEvent, ExhaustionEvents } from '../../shared/watch';
import { localIsoTime } from '../engine/error-record';

/** The command, as the results and the window name it. */
export const WEVTUTIL_QUERY =
  '*[System[(EventID=4227 or EventID=4231) and TimeCreated[timediff(@SystemTime) <= 86400000]]]';
export const WEVTUTIL_ARGS = ['qe', 'System', `/q:${WEVTUTIL_QUERY}`, '/f:text', '/c:20', '/rd:true'];
export const WEVTUTIL_SOURCE =
  'wevtutil qe System /q:"*[System[(EventID=4227 or EventID=4231)]]" /f:text /c:20 /rd:true (the last 24 hours)';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_EVENTS = 20;
const MAX_MESSAGE = 600;

const BLOCK = /^\s*[^\s:[\]]+\[\d+\]:?\s*$/;
const FIELD = /^\s+([^:]{1,40}):(.*)$/;
const ID_LABELS = /^(event id|ereignis-id|id de l'événement|id evento|identificador del evento|id)$/i;
const DESCRIPTION_LABELS = /^(description|beschreibung|descrizione|descripción|descrição|opis)$/i;
const DATE_VALUE = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/;

export interface ParsedEvents {
  /** Events 4227 and 4231, newest first as wevtutil gave them, at most 20. */
  events: (ExhaustionEvent & { timeMs: number | null })[];
  /** Event blocks that were not port-exhaustion events or could not be read. */
  skipped: number;
}

export function parseWevtutil(text: string): ParsedEvents {
  const result: ParsedEvents = { events: [], skipped: 0 };
  let block: { id: number; timeMs: number | null; message: string[] | null; afterComputer: boolean } | null =
    null;
  const finish = (): void => {
    if (block === null) return;
    const { id, timeMs } = block;
    if ((id === 4227 || id === 4231) && result.events.length < MAX_EVENTS) {
      let message = (block.message ?? []).join(' ').replace(/\s+/g, ' ').trim();
      if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE - 1)}…`;
      result.events.push({ id, time: timeMs === null ? '' : localIsoTime(timeMs), timeMs, message });
    } else result.skipped++;
    block = null;
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (BLOCK.test(line)) {
      finish();
      block = { id: 0, timeMs: null, message: null, afterComputer: false };
      continue;
    }
    if (block === null) continue;
    if (block.message !== null) {
      block.message.push(line);
      continue;
    }
    const field = FIELD.exec(line);
    if (!field) continue;
    const label = field[1]!.trim();
    const value = field[2]!.trim();
    if (block.timeMs === null && DATE_VALUE.test(value)) block.timeMs = parseDate(value);
    else if (block.id === 0 && /^\d+$/.test(value) && (ID_LABELS.test(label) || /\bID\b/i.test(label)))
      block.id = Number(value);
    else if (DESCRIPTION_LABELS.test(label) || block.afterComputer)
      block.message = value === '' ? [] : [value];
    else if (/^computer$/i.test(label)) block.afterComputer = true;
  }
  finish();
  return result;
}

/** wevtutil's date: UTC with a Z on current Windows; without a zone (older ones) it is local time. */
function parseDate(value: string): number | null {
  const m = DATE_VALUE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  if (zone === undefined) return new Date(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms).getTime();
  const utc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms);
  if (zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** The events of the last 24 hours before `nowMs`, as the results and the watch keep them. */
export function exhaustionEventsFrom(text: string, nowMs: number): ExhaustionEvents {
  const events = parseWevtutil(text)
    .events.filter((e) => e.timeMs === null || (e.timeMs > nowMs - DAY_MS && e.timeMs <= nowMs + 60_000))
    .map(({ id, time, message }) => ({ id, time, message }));
  return {
    available: true,
    events,
    note:
      events.length === 0
        ? 'No port-exhaustion events (4227, 4231) in the System log in the last 24 hours.'
        : null,
    source: WEVTUTIL_SOURCE,
  };
}

/** The events when the log could not be read: `reason` is a sentence's end, e.g. "access is denied". */
export function exhaustionEventsUnavailable(reason: string): ExhaustionEvents {
  return {
    available: false,
    events: [],
    note: `The System log could not be read: ${reason.replace(/[.\s]+$/, '')}.`,
    source: WEVTUTIL_SOURCE,
  };
}

/**
 * What wevtutil said on failure, as a sentence's end: its own last line ("Failed to read events.
 * Access is denied."), or the way it failed when it wrote nothing.
 */
export function wevtutilFailureReason(stderr: string, fallback: string): string {
  const lines = stderr
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const said = lines.slice(-2).join(' ').slice(0, 300);
  return said === '' ? fallback : `wevtutil answered "${said.replace(/[.\s]+$/, '')}"`;
}
