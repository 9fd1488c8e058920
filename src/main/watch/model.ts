/**
 * The watch's model: turns one poll's connection rows into a bounded WatchPoll. Pure logic, no
 * I/O: a platform's TableSource feeds the visitor `begin()` returns, `end()` counts. State kept
 * between polls is capped (see destinations.ts and programs.ts), so watching for an hour costs
 * what watching for a minute does.
 */
import type { PortRange } from '../../shared/types';
import type {
  DestinationStat,
  ExhaustionEvents,
  MachineStat,
  ProgramStat,
  WatchAlert,
  WatchPoll,
} from '../../shared/watch';
import { ALERT_SHARE, WATCH_LIMIT } from '../../shared/watch';
import type { ConnectionRow, TableReadInfo } from './table-source';
import { localIsoTime } from '../engine/error-record';
import { DestinationTracker, type CountedDestination } from './destinations';
import { forecast, type SharedPorts } from './forecast';
import { PollRows, STATE_COUNT, TIME_WAIT } from './poll-rows';
import { ProgramTracker, stateCounts } from './programs';
import { usablePorts } from './port-range';
import { count, percent } from './words';

export interface WatchMachine {
  platform: string;
  ephemeralRange: PortRange | null;
  excludedRanges: PortRange[];
  timeWaitSeconds: number;
}

export interface PollMeta {
  pollMs: number;
  nowMs: number;
  exhaustionEvents?: ExhaustionEvents;
}

/** How long a closed listener's port still marks its accepted connections as not this machine's own. */
const LISTENER_MEMORY_GRACE_MS = 5000;

export class WatchModel {
  private readonly limit: number;
  private readonly startedMs: number;
  private readonly capacity: number | null;
  private readonly rows: PollRows;
  private readonly destinations: DestinationTracker;
  private readonly programs = new ProgramTracker();
  private source = '';

  constructor(
    private readonly machine: WatchMachine,
    options: { limit?: number; startedMs?: number } = {},
  ) {
    this.limit = Math.max(1, Math.floor(options.limit ?? WATCH_LIMIT));
    this.startedMs = options.startedMs ?? Date.now();
    const range = machine.ephemeralRange;
    this.capacity = usablePorts(range, machine.excludedRanges);
    this.rows = range ? new PollRows(range.start, range.end) : new PollRows(1, 0);
    this.destinations = new DestinationTracker(
      range,
      machine.timeWaitSeconds * 1000 + LISTENER_MEMORY_GRACE_MS,
    );
  }

  /** Starts a poll: the visitor to call once per row (it copies what it keeps, never the row). */
  begin(): (row: ConnectionRow) => void {
    const rows = this.rows;
    rows.reset();
    this.programs.begin();
    return (row) => rows.add(row);
  }

  end(info: TableReadInfo, meta: PollMeta): WatchPoll {
    this.source = info.source;
    const { nowMs } = meta;
    const rows = this.rows;
    rows.settle();
    for (let i = 0; i < rows.length; i++) {
      if (rows.repeated[i] === 0) this.programs.add(rows.pid[i]!, rows.state[i]!);
    }
    const counted = this.destinations.count(this.rows, nowMs, this.limit);
    // Windows gives each connection a port of its own: its destinations share the whole range.
    const shared: SharedPorts | null =
      this.machine.platform === 'win32'
        ? {
            held: rows.ephemeralHeld,
            open: counted.open,
            newPerSecond: counted.newPerSecond,
            newTimeWaitPerSecond: counted.newTimeWaitPerSecond,
          }
        : null;
    const destinations = counted.top.map((d) => this.destinationStat(d, shared));
    const allPrograms = this.programs.end(nowMs, info.names);
    const programs = allPrograms.slice(0, this.limit);
    const hasTimeWait = rows.byState[TIME_WAIT]! > 0;
    const notes = [info.ownersNote, hasTimeWait ? 'TIME_WAIT connections belong to no program.' : null];
    const machine: MachineStat = {
      ...this.machineBase(),
      ephemeralHeld: this.machine.ephemeralRange ? rows.ephemeralHeld : null,
      connections: rows.connections,
      byState: stateCounts(rows.byState),
      destinations: counted.destinations,
      programs: allPrograms.length,
      ownersAvailable: info.ownersAvailable,
      ownersNote: notes.filter((n): n is string => !!n).join(' ') || null,
    };
    if (meta.exhaustionEvents) machine.exhaustionEvents = meta.exhaustionEvents;
    return {
      ...this.pollBase(meta),
      source: info.source,
      destinations,
      programs,
      unowned: { total: this.programs.unownedTotal, byState: stateCounts(this.programs.unowned) },
      machine,
      alerts: this.alerts(destinations, allPrograms, shared),
      error: null,
    };
  }

  /** A poll whose table could not be read: the error sentence, empty lists; the next poll tries again. */
  failed(error: string, meta: { pollMs: number; nowMs: number }): WatchPoll {
    const zeros = stateCounts(new Int32Array(STATE_COUNT));
    return {
      ...this.pollBase(meta),
      source: this.source,
      destinations: [],
      programs: [],
      unowned: { total: 0, byState: zeros },
      machine: {
        ...this.machineBase(),
        ephemeralHeld: null,
        connections: 0,
        byState: { ...zeros },
        destinations: 0,
        programs: 0,
        ownersAvailable: false,
        ownersNote: null,
      },
      alerts: [],
      error,
    };
  }

  /** Kept between polls, for the memory bound's tests. */
  get trackedState(): { destinations: number; programs: number } {
    return { destinations: this.destinations.trackedCount, programs: this.programs.tracked };
  }

  private pollBase(meta: { pollMs: number; nowMs: number }) {
    return {
      kind: 'socketclosetest-watch' as const,
      schemaVersion: 1 as const,
      time: localIsoTime(meta.nowMs),
      t: Math.max(0, Math.round(meta.nowMs - this.startedMs) / 1000),
      pollMs: Math.round(meta.pollMs * 10) / 10,
    };
  }

  private machineBase() {
    return {
      platform: this.machine.platform,
      ephemeralRange: this.machine.ephemeralRange,
      excludedRanges: this.machine.excludedRanges,
      usablePorts: this.capacity,
      timeWaitSeconds: this.machine.timeWaitSeconds,
    };
  }

  private destinationStat(d: CountedDestination, shared: SharedPorts | null): DestinationStat {
    const capacity = this.capacity;
    const byState = stateCounts(d.byState);
    const newPerSecond = d.newPerSecond;
    return {
      endpoint: d.endpoint,
      address: d.address,
      port: d.port,
      family: d.family,
      byState,
      total: d.total,
      held: d.held,
      capacity,
      share: capacity === null ? null : capacity > 0 ? Math.min(1, d.held / capacity) : 1,
      newPerSecond: newPerSecond === null ? 0 : Math.round(newPerSecond * 100) / 100,
      newTimeWaitPerSecond:
        d.newTimeWaitPerSecond === null ? 0 : Math.round(d.newTimeWaitPerSecond * 100) / 100,
      forecast: forecast({
        endpoint: d.endpoint,
        held: d.held,
        open: d.total - byState.TIME_WAIT,
        capacity,
        newPerSecond,
        newTimeWaitPerSecond: d.newTimeWaitPerSecond,
        timeWaitSeconds: this.machine.timeWaitSeconds,
        shared,
      }),
    };
  }

  private alerts(
    destinations: DestinationStat[],
    programs: ProgramStat[],
    shared: SharedPorts | null,
  ): WatchAlert[] {
    const alerts: WatchAlert[] = [];
    const capacity = this.capacity;
    const busiest = destinations[0];
    if (shared !== null && capacity !== null && busiest && shared.held >= ALERT_SHARE * capacity) {
      // Windows: the computer's ports run out together; the busiest destination carries the alert.
      alerts.push({
        kind: 'destination-filling',
        key: busiest.endpoint,
        text: `This computer holds ${count(shared.held)} of its ${count(capacity)} ports (${percent(shared.held / capacity)}), the most toward ${busiest.endpoint}. ${busiest.forecast.text}`,
      });
    }
    for (const d of destinations) {
      if (alerts.some((a) => a.key === d.endpoint)) continue;
      if (d.share === null || d.share < ALERT_SHARE || d.capacity === null) continue;
      alerts.push({
        kind: 'destination-filling',
        key: d.endpoint,
        text: `${d.endpoint} holds ${count(d.held)} of the ${count(d.capacity)} ports it can take (${percent(d.share)}). ${d.forecast.text}`,
      });
    }
    for (const p of programs) {
      if (!p.closeWaitLeak || alerts.length >= 2 * this.limit) continue;
      const who = p.name === null ? "Another user's program" : p.name;
      alerts.push({
        kind: 'close-wait-leak',
        key: String(p.pid),
        text: `${who} (PID ${p.pid}) likely leaks connections. ${p.leakReason ?? ''}`.trim(),
      });
    }
    return alerts;
  }
}
