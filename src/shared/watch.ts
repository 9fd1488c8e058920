/**
 * Watching this computer's own programs: which destination is running out of ephemeral ports,
 * which program holds them, and how long until connects fail. One WatchPoll per interval; the
 * command line's `watch --json` writes exactly these objects (one per line), so this shape is a
 * format people's scripts read: add fields, never rename or remove them.
 */
import type { PortRange, TcpState } from './types';

/** Every TCP state, zeros included, so scripts can read any key without checking for it. */
export type StateCounts = Record<TcpState, number>;

/** How a destination's ports are going, at the rate of the last polls. */
export interface WatchForecast {
  /**
   * idle: nothing new toward it; steady: at this rate it levels off below what it can hold;
   * filling: at this rate it reaches its capacity (secondsToFull says when); full: connects to it
   * fail now (every usable port held); unknown: no capacity known or too few polls yet.
   */
  kind: 'idle' | 'steady' | 'filling' | 'full' | 'unknown';
  /** Seconds until every usable port toward it is held, at the present rate; null unless filling. */
  secondsToFull: number | null;
  /**
   * The share of its capacity it levels off at (new TIME_WAIT per second x TIME_WAIT's length + the
   * open ones); null when unknown.
   */
  steadyShare: number | null;
  /**
   * One sentence, e.g. "At 140 new connections a second and a 240 s TIME_WAIT, connects to
   * 127.0.0.1:5432 fail in about 2 minutes." or "Holding steady at 31%."
   */
  text: string;
}

/** Connections this machine opened toward one remote address and port (the 4-tuple limit's unit). */
export interface DestinationStat {
  /** "127.0.0.1:5432", "[::1]:5432". */
  endpoint: string;
  address: string;
  port: number;
  family: 4 | 6;
  byState: StateCounts;
  /** Connections toward it, all states. */
  total: number;
  /** Distinct local ephemeral ports held toward it: at most `capacity` can be. */
  held: number;
  /** Usable ephemeral ports (the range minus excluded ranges); null when the range is unknown. */
  capacity: number | null;
  /** held / capacity, 0 to 1; null when capacity is unknown. */
  share: number | null;
  /** New connections toward it per second (local ports not held at the previous poll), over the last polls. */
  newPerSecond: number;
  /**
   * Ports toward it newly in TIME_WAIT per second, over the last polls: connections this side closed
   * first, which hold their port for TIME_WAIT's length. Absent in polls written before it was added.
   */
  newTimeWaitPerSecond?: number;
  forecast: WatchForecast;
}

/** A program (owner process) and the connections it holds. */
export interface ProgramStat {
  pid: number;
  /** The program's name; null when it is another user's program whose name cannot be read. */
  name: string | null;
  byState: StateCounts;
  total: number;
  /**
   * A likely leak: it does not close sockets its peer closed. Set when it holds 100 or more
   * CLOSE_WAIT sockets at once, or its CLOSE_WAIT count has grown for more than a minute.
   */
  closeWaitLeak: boolean;
  /** Why closeWaitLeak is set, in a sentence; null when it is not. */
  leakReason: string | null;
}

/** An alert for the window: a destination past 80% of what it can hold, or a CLOSE_WAIT leak. */
export interface WatchAlert {
  kind: 'destination-filling' | 'close-wait-leak';
  /** The destination's endpoint or the program's pid, as text. */
  key: string;
  text: string;
}

/** A port-exhaustion event from Windows' System log (TCP/IP event 4227 or 4231). */
export interface ExhaustionEvent {
  id: 4227 | 4231;
  /** ISO 8601 local time. */
  time: string;
  message: string;
}

/** Windows' evidence of port exhaustion: the last 24 hours of events 4227 and 4231. */
export interface ExhaustionEvents {
  /** False when the log could not be read (or on a system without it); note says why. */
  available: boolean;
  /** Newest first, at most 20. */
  events: ExhaustionEvent[];
  /** A sentence when the log could not be read, or when it holds no such events; null when events are listed. */
  note: string | null;
  /** The command it came from. */
  source: string;
}

export interface MachineStat {
  platform: string;
  ephemeralRange: PortRange | null;
  excludedRanges: PortRange[];
  /** Ephemeral ports a destination can use: the range minus the excluded ports inside it. */
  usablePorts: number | null;
  /** TIME_WAIT's length in force, in seconds. */
  timeWaitSeconds: number;
  /** Local ports in the ephemeral range held by any connection, machine-wide. */
  ephemeralHeld: number | null;
  /** Every TCP connection on the machine (listeners excluded), exact whatever the limits below. */
  connections: number;
  byState: StateCounts;
  /** Destinations and programs there were (the poll lists at most its limit of each). */
  destinations: number;
  programs: number;
  /** Whether owners (programs) could be read at all; ownersNote says why not, or what is left out. */
  ownersAvailable: boolean;
  /** e.g. "TIME_WAIT connections belong to no program." or "Owners are not available on this system." */
  ownersNote: string | null;
  /** Windows only (read about once a minute); absent elsewhere. */
  exhaustionEvents?: ExhaustionEvents;
}

/** One poll of the whole machine. */
export interface WatchPoll {
  kind: 'socketclosetest-watch';
  schemaVersion: 1;
  /** ISO 8601 local time of the poll. */
  time: string;
  /** Seconds since watching started. */
  t: number;
  /** How long reading and counting took, in milliseconds. */
  pollMs: number;
  /** Where the table came from, e.g. "/proc/net/tcp, /proc/net/tcp6" or "netstat -ano -p TCP". */
  source: string;
  /** The busiest destinations first (by held ports, then connections), at most the limit (50). */
  destinations: DestinationStat[];
  /** The programs holding the most connections first, at most the limit (50). */
  programs: ProgramStat[];
  /** Connections no program owns (TIME_WAIT always; others whose owner could not be found). */
  unowned: { total: number; byState: StateCounts };
  machine: MachineStat;
  alerts: WatchAlert[];
  /** Set (and the lists empty) when the table could not be read this time; the next poll tries again. */
  error: string | null;
}

/** What the window's "This computer" view receives, at most four times a second. */
export interface WatchSnapshot {
  /** Increases with each snapshot. */
  seq: number;
  watching: boolean;
  /** The newest poll; null before the first. */
  poll: WatchPoll | null;
  /** Held ports over time of the five busiest destinations (the newest ten minutes). */
  series: { endpoint: string; points: { t: number; held: number }[] }[];
  /** A sentence when the CSV series reached its size cap and stopped growing, or could not be written. */
  csvNote?: string | null;
}

/** Limits a poll keeps to, so a snapshot stays small however busy the machine. */
export const WATCH_LIMIT = 50;
/** A destination this full raises an alert. */
export const ALERT_SHARE = 0.8;
/** CLOSE_WAIT sockets held at once that flag a leak. */
export const LEAK_CLOSE_WAIT = 100;
/** Seconds of growing CLOSE_WAIT that flag a leak. */
export const LEAK_GROWTH_SEC = 60;
