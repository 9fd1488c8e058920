/** Watch polls and snapshots for the window's tests: a machine with two busy destinations and a leaking program. */
import { TCP_STATES } from '@shared/types';
import type { DestinationStat, ProgramStat, StateCounts, WatchPoll, WatchSnapshot } from '@shared/watch';

export function counts(given: Partial<StateCounts> = {}): StateCounts {
  const all = {} as StateCounts;
  for (const s of TCP_STATES) all[s] = given[s] ?? 0;
  return all;
}

export function destination(
  endpoint: string,
  held: number,
  over: Partial<DestinationStat> = {},
): DestinationStat {
  const colon = endpoint.lastIndexOf(':');
  const byState = counts({ TIME_WAIT: held - 2, ESTABLISHED: 2 });
  return {
    endpoint,
    address: endpoint.slice(0, colon).replace(/^\[|\]$/g, ''),
    port: Number(endpoint.slice(colon + 1)),
    family: endpoint.startsWith('[') ? 6 : 4,
    byState,
    total: held,
    held,
    capacity: 28232,
    share: held / 28232,
    newPerSecond: held / 60,
    forecast: {
      kind: 'steady',
      secondsToFull: null,
      steadyShare: held / 28232,
      text: `Holding steady at ${Math.round((held / 28232) * 100)}%.`,
    },
    ...over,
  };
}

export function program(pid: number, name: string | null, over: Partial<ProgramStat> = {}): ProgramStat {
  return {
    pid,
    name,
    byState: counts({ ESTABLISHED: 3 }),
    total: 3,
    closeWaitLeak: false,
    leakReason: null,
    ...over,
  };
}

export function watchPoll(over: Partial<WatchPoll> = {}): WatchPoll {
  const destinations = [
    destination('127.0.0.1:5432', 24000, {
      forecast: {
        kind: 'filling',
        secondsToFull: 120,
        steadyShare: null,
        text: 'At 140 new connections a second and a 60 s TIME_WAIT, connects to 127.0.0.1:5432 fail in about 2 minutes.',
      },
      newPerSecond: 140,
    }),
    destination('[::1]:8080', 300, { newPerSecond: 400 }),
    destination('10.0.0.5:443', 40, { newPerSecond: 0.5 }),
  ];
  return {
    kind: 'socketclosetest-watch',
    schemaVersion: 1,
    time: '2026-12-03T15:30:00.000+01:00',
    t: 12,
    pollMs: 8.4,
    source: '/proc/net/tcp, /proc/net/tcp6',
    destinations,
    programs: [
      program(4242, 'leaky-client', {
        byState: counts({ CLOSE_WAIT: 150, ESTABLISHED: 2 }),
        total: 152,
        closeWaitLeak: true,
        leakReason: 'It holds 150 CLOSE_WAIT sockets at once: it does not close connections its peer closed.',
      }),
      program(1001, null),
    ],
    unowned: { total: 24300, byState: counts({ TIME_WAIT: 24300 }) },
    machine: {
      platform: 'linux',
      ephemeralRange: { start: 32768, end: 60999, count: 28232 },
      excludedRanges: [],
      usablePorts: 28232,
      timeWaitSeconds: 60,
      ephemeralHeld: 24340,
      connections: 24494,
      byState: counts({ TIME_WAIT: 24300, ESTABLISHED: 44, CLOSE_WAIT: 150 }),
      destinations: 3,
      programs: 2,
      ownersAvailable: true,
      ownersNote: null,
    },
    alerts: [
      {
        kind: 'destination-filling',
        key: '127.0.0.1:5432',
        text: '127.0.0.1:5432 holds 85% of the ports it can have.',
      },
      { kind: 'close-wait-leak', key: '4242', text: 'leaky-client (PID 4242) holds 150 CLOSE_WAIT sockets.' },
    ],
    error: null,
    ...over,
  };
}

export function watchSnapshot(over: Partial<WatchSnapshot> = {}): WatchSnapshot {
  const poll = over.poll === undefined ? watchPoll() : over.poll;
  return {
    seq: 1,
    watching: true,
    poll,
    series: (poll?.destinations ?? []).slice(0, 5).map((d) => ({
      endpoint: d.endpoint,
      points: [
        { t: 11, held: d.held - 1 },
        { t: 12, held: d.held },
      ],
    })),
    ...over,
  };
}
