/** Wording for the window: what a person reads, kept apart from the components that show it. */
import type { Countdown, SessionState, Snapshot } from '@shared/contract';
import { formatCount } from '@shared/outcome';
import type { Fact, PortRange, SystemInfo } from '@shared/types';
import { winsockFor } from '@shared/winsock';

/** "07:18:04.123" from "2026-11-24T07:18:04.123+01:00": the machine's local time, as recorded. */
export function clockTime(iso: string): string {
  const match = /T(\d\d:\d\d:\d\d(?:\.\d{1,3})?)/.exec(iso);
  return match?.[1] ?? iso;
}

/** An error code as this machine's users know it: the Winsock name and number on Windows. */
export function codeLabel(code: string, platform: string | null | undefined): string {
  const winsock = winsockFor(code);
  if (platform === 'win32' && winsock) return `${winsock.name} (${winsock.number})`;
  return code;
}

/** "42 s", "1 min 05 s", "2 h 05 min": for durations and countdowns. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function formatRange(range: PortRange): string {
  return `${range.start}-${range.end} (${formatCount(range.count)} ports)`;
}

/** A machine fact, or why it is unknown. */
export function factText<T>(fact: Fact<T> | undefined, show: (value: T) => string): string {
  if (!fact) return 'not recorded';
  if (fact.value === null) return fact.error ? `unknown: ${fact.error}` : 'unknown';
  return show(fact.value);
}

export const STATE_LABEL: Record<SessionState, string> = {
  idle: 'Ready',
  waiting: 'Waiting',
  running: 'Running',
  draining: 'Draining',
  stopping: 'Stopping',
  done: 'Done',
  failed: 'Failed',
};

/** What a countdown waits for; the time left is shown beside it. */
export function countdownText(countdown: Countdown): string {
  const n = countdown.halfConnections;
  const halves = `${formatCount(n)} half-connection${n === 1 ? '' : 's'} from the last run ${n === 1 ? 'is' : 'are'} still listed.`;
  const then =
    countdown.reason === 'drain'
      ? 'The next close order starts when they have cleared.'
      : 'The test starts when they have cleared, so the last run cannot spoil this one.';
  return `${halves} ${then}`;
}

/** One sentence on what the session is doing, for the state banner. */
export function stateSentence(snapshot: Snapshot | null): string {
  if (!snapshot) return 'Connecting to the test engine...';
  const { state, mode, runAll } = snapshot;
  const position = runAll ? ` (${runAll.index + 1} of ${runAll.modes.length})` : '';
  const modeName = mode ? `"${mode}"` : 'the test';
  switch (state) {
    case 'idle':
      return 'Ready. Choose a close order and press Start, or Run all to try the five original ones.';
    case 'waiting':
      return `Waiting for connections of an earlier run to clear before starting ${modeName}.`;
    case 'running':
      return `Running ${modeName}${position}: connecting and closing as fast as the machine allows.`;
    case 'draining':
      return `Letting the half-connections of the last run clear before the next close order${position}.`;
    case 'stopping':
      return 'Stopping: closing every socket.';
    case 'done': {
      const { finished } = snapshot;
      const last = finished[finished.length - 1];
      if (finished.length > 1)
        return `Done: ${finished.length} close orders run. The results are in the table below.`;
      return last ? `Done. ${last.mode} — ${last.summary}.` : 'Done.';
    }
    case 'failed':
      // The badge beside it already says "Failed".
      return snapshot.message ?? 'The run could not go on.';
  }
}

/** The machine in a few words for the header: system, ephemeral range, TIME_WAIT. */
export function machineLine(info: SystemInfo | null): string[] {
  if (!info) return [];
  const parts = [info.osName];
  if (info.ephemeralRange?.value)
    parts.push(`ports ${info.ephemeralRange.value.start}-${info.ephemeralRange.value.end}`);
  if (info.timeWaitDelay?.value) parts.push(`TIME_WAIT ${info.timeWaitDelay.value}`);
  return parts;
}
