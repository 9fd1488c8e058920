/** Hand-made polls for the watch command's tests, in the shape `watch --json` writes. */
import { TCP_STATES, type TcpState } from '../../../src/shared/types';
import type { DestinationStat, ProgramStat, WatchPoll } from '../../../src/shared/watch';

export function states(counts: Partial<Record<TcpState, number>> = {}): Record<TcpState, number> {
  const all = {} as Record<TcpState, number>;
  for (const state of TCP_STATES) all[state] = counts[state] ?? 0;
  return all;
}

export function destination(over: Partial<DestinationStat> = {}): DestinationStat {
  return {
    endpoint: '127.0.0.1:5432',
    address: '127.0.0.1',
    port: 5432,
    family: 4,
    byState: states({ ESTABLISHED: 12, TIME_WAIT: 5000 }),
    total: 5012,
    held: 5012,
    capacity: 16384,
    share: 5012 / 16384,
    newPerSecond: 140,
    forecast: {
      kind: 'filling',
      secondsToFull: 81,
      steadyShare: null,
      text: 'At 140 new connections a second and a 240 s TIME_WAIT, connects to 127.0.0.1:5432 fail in about 1 minute.',
    },
    ...over,
  };
}

export function program(over: Partial<ProgramStat> = {}): ProgramStat {
  return {
    pid: 4242,
    name: 'node',
    byState: states({ ESTABLISHED: 12 }),
    total: 12,
    closeWaitLeak: false,
    leakReason: null,
    ...over,
  };
}

export function poll(over: Partial<WatchPoll> = {}): WatchPoll {
  const destinations = over.destinations ?? [destination()];
  const programs = over.programs ?? [program()];
  return {
    kind: 'socketclosetest-watch',
    schemaVersion: 1,
    time: '2026-12-03T15:04:22.123+01:00',
    t: 12.5,
    pollMs: 7,
    source: '/proc/net/tcp, /proc/net/tcp6',
    destinations,
    programs,
    unowned: { total: 5000, byState: states({ TIME_WAIT: 5000 }) },
    machine: {
      platform: 'win32',
      ephemeralRange: { start: 49152, end: 65535, count: 16384 },
      excludedRanges: [],
      usablePorts: 16384,
      timeWaitSeconds: 240,
      ephemeralHeld: 5020,
      connections: 5030,
      byState: states({ ESTABLISHED: 30, TIME_WAIT: 5000 }),
      destinations: destinations.length,
      programs: programs.length,
      ownersAvailable: true,
      ownersNote: 'TIME_WAIT connections belong to no program.',
    },
    alerts: [],
    error: null,
    ...over,
  };
}
