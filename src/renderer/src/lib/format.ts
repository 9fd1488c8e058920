/**
 * Wording for the window: what a person reads, kept apart from the components that show it. Every
 * sentence comes whole from the message catalogue (i18n/messages), in the window's language.
 */
import type { Countdown, SessionState, Snapshot } from '@shared/contract';
import type { Fact, PortRange, SystemInfo } from '@shared/types';
import { winsockFor } from '@shared/winsock';
import { formatDateTime, formatNumber, t } from '@renderer/i18n/locale.svelte';
import { runSummary } from '@renderer/i18n/result-words';

/** "07:18:04.123" from "2026-11-24T07:18:04.123+01:00": the machine's local time, as recorded. */
export function clockTime(iso: string): string {
  const match = /T(\d\d:\d\d:\d\d(?:\.\d{1,3})?)/.exec(iso);
  return match?.[1] ?? iso;
}

/**
 * A recorded date and time in the window's locale ("Nov 24, 2026, 7:20:05 AM", "24.11.2026,
 * 07:20:05"), as the clock on the recording machine showed it, whatever this one's time zone.
 */
export function recordedDateTime(iso: string, precision: 'seconds' | 'minutes' = 'seconds'): string {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(iso);
  if (!match) return iso;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  return formatDateTime(Date.UTC(y, mo - 1, d, h, mi, s), {
    dateStyle: 'medium',
    timeStyle: precision === 'seconds' ? 'medium' : 'short',
    timeZone: 'UTC',
  });
}

/** An error code as this machine's users know it: the Winsock name and number on Windows. */
export function codeLabel(code: string, platform: string | null | undefined): string {
  const winsock = winsockFor(code);
  if (platform === 'win32' && winsock) return `${winsock.name} (${winsock.number})`;
  return code;
}

/** A count in the window's locale: "16,384" in English, "16.384" in German. */
export function formatCount(n: number): string {
  return formatNumber(n);
}

/** "42 s", "1 min 05 s", "2 h 05 min": for durations and countdowns. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const twoDigits = (n: number) => formatNumber(n, { minimumIntegerDigits: 2 });
  if (s < 60) return t('duration.seconds', { seconds: formatNumber(s) });
  const m = Math.floor(s / 60);
  if (m < 60) return t('duration.minutes', { minutes: formatNumber(m), seconds: twoDigits(s % 60) });
  return t('duration.hours', { hours: formatNumber(Math.floor(m / 60)), minutes: twoDigits(m % 60) });
}

/** Port numbers are names, not amounts: never grouped ("49152", not "49,152"). */
export function formatRange(range: PortRange): string {
  return t('ports.range', { start: String(range.start), end: String(range.end), count: range.count });
}

/** A machine fact, or why it is unknown. */
export function factText<T>(fact: Fact<T> | undefined, show: (value: T) => string): string {
  if (!fact) return t('fact.notRecorded');
  if (fact.value === null)
    return fact.error ? t('fact.unknownBecause', { reason: fact.error }) : t('fact.unknown');
  return show(fact.value);
}

/** The state's one word for the badge, in the window's language whenever it is read. */
export const STATE_LABEL: Readonly<Record<SessionState, string>> = {
  get idle() {
    return t('state.idle');
  },
  get waiting() {
    return t('state.waiting');
  },
  get running() {
    return t('state.running');
  },
  get draining() {
    return t('state.draining');
  },
  get stopping() {
    return t('state.stopping');
  },
  get done() {
    return t('state.done');
  },
  get failed() {
    return t('state.failed');
  },
};

/** What a countdown waits for; the time left is shown beside it. */
export function countdownText(countdown: Countdown): string {
  const count = countdown.halfConnections;
  return countdown.reason === 'drain'
    ? t('countdown.drain', { count })
    : t('countdown.beforeStart', { count });
}

/** A run's length as summaries write it: "1.4 s" under ten seconds, "42 s" above. */
export function runTime(elapsedMs: number): string {
  const s = elapsedMs / 1000;
  const seconds =
    s < 10
      ? formatNumber(s, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
      : formatNumber(Math.round(s), { maximumFractionDigits: 0 });
  return t('summary.time', { seconds });
}

/** One sentence on what the session is doing, for the state banner. */
export function stateSentence(snapshot: Snapshot | null): string {
  if (!snapshot) return t('sentence.connecting');
  const { state, mode, runAll } = snapshot;
  const position = runAll
    ? { index: formatNumber(runAll.index + 1), total: formatNumber(runAll.modes.length) }
    : null;
  switch (state) {
    case 'idle':
      return t('sentence.idle');
    case 'waiting':
      return mode ? t('sentence.waitingMode', { mode }) : t('sentence.waitingTest');
    case 'running':
      if (!mode) return t('sentence.runningTest');
      return position ? t('sentence.runningOf', { mode, ...position }) : t('sentence.running', { mode });
    case 'draining':
      return position ? t('sentence.drainingOf', position) : t('sentence.draining');
    case 'stopping':
      return t('sentence.stopping');
    case 'done': {
      const { finished } = snapshot;
      const last = finished[finished.length - 1];
      if (finished.length > 1) return t('sentence.doneMany', { count: finished.length });
      if (!last) return t('sentence.done');
      const summary = runSummary(last, runTime(last.elapsedMs));
      return t('sentence.doneOne', { mode: last.mode, summary: t(summary.key, summary.values) });
    }
    case 'failed':
      // The badge beside it already says "Failed"; the engine's message is in English.
      return snapshot.message ?? t('sentence.failed');
  }
}

/** The machine in a few words for the header: system, ephemeral range, TIME_WAIT. */
export function machineLine(info: SystemInfo | null): string[] {
  if (!info) return [];
  const parts = [info.osName];
  const range = info.ephemeralRange?.value;
  if (range) parts.push(t('machine.ports', { start: String(range.start), end: String(range.end) }));
  if (info.timeWaitDelay?.value) parts.push(t('machine.timeWait', { delay: info.timeWaitDelay.value }));
  return parts;
}
