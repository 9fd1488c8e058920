/**
 * The data that crosses between the engine, the main process, the renderer, the command line and
 * the results files. Plain objects only (structured-clone-safe): no classes, Maps, Dates or functions.
 */
import type { Mode } from './modes';
import type { ExhaustionEvents } from './watch';
import type { WinsockError } from './winsock';

/** What one session is asked to do. */
export interface SessionConfig {
  mode: Mode;
  /** 127.0.0.1 (default) or ::1. */
  host: string;
  /** The server's port (1-65535; 40000 by default, like the original program). */
  port: number;
  /** How long to run, in seconds. */
  durationSec: number;
  /** Stop after this many successful connects; null for no limit. */
  connectionLimit: number | null;
  /** Stop after this many errors (10 by default, like the original program). */
  maxErrors: number;
  /** Start even if half-connections of an earlier run are still listed. */
  force: boolean;
}

export const DEFAULT_CONFIG: Readonly<Omit<SessionConfig, 'mode'>> = {
  host: '127.0.0.1',
  port: 40000,
  durationSec: 60,
  connectionLimit: null,
  maxErrors: 10,
  force: false,
};

/**
 * What a SessionConfig may hold, the same for the window, the command line and the main process
 * that checks both. Errors past the first and last ones live on disk, so a large limit costs no
 * memory.
 */
export const CONFIG_LIMITS = {
  port: { min: 1, max: 65535 },
  /** A tenth of a second: shorter, a run can end before its first connect. At most one day. */
  durationSec: { min: 0.1, max: 86_400 },
  maxErrors: { min: 1, max: 2 ** 31 - 1 },
  connectionLimit: { min: 1, max: 2 ** 31 - 1 },
} as const;

export type Side = 'client' | 'server';
export type Operation = 'connect' | 'read' | 'accept' | 'close' | 'write';

/** One error, recorded as it happened. */
export interface ErrorRecord {
  /** ISO 8601 local time with milliseconds and offset, e.g. 2026-11-24T07:18:04.123+01:00. */
  time: string;
  /** The same instant in milliseconds since the epoch. */
  epochMs: number;
  side: Side;
  op: Operation;
  /** Node's error code (ECONNRESET, EADDRINUSE...), or 'UNKNOWN'. */
  code: string;
  /** libuv's errno (negative, differs by platform), when given. */
  errno: number | null;
  /** The Winsock name and number, recorded on Windows. */
  winsock: WinsockError | null;
  localPort: number | null;
  peerPort: number | null;
  /** The connection's number in the run (1-based; the attempt that failed, for connect). */
  connection: number;
  message: string;
  /**
   * The close order of the run the error happened in, recorded by the engine (so a Run all's log
   * files each error under its own mode). Absent in files saved before it was recorded.
   */
  mode?: Mode;
}

/** Canonical TCP states, whatever the platform or language calls them. */
export const TCP_STATES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECEIVED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'TIME_WAIT',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'OTHER',
] as const;
export type TcpState = (typeof TCP_STATES)[number];

/** Half-connections on one side of the test port. */
export interface HalfCounts {
  total: number;
  byState: Record<TcpState, number>;
}

/** One poll of the machine's connection table. */
export interface NetstatCounts {
  /** Connections whose local port is the test port (listeners excluded). */
  server: HalfCounts;
  /** Connections whose peer port is the test port. */
  client: HalfCounts;
  /** Local ports inside the ephemeral range held by any TCP connection, machine-wide. */
  ephemeralHeld: number | null;
  /** The ephemeral range's size, when known. */
  ephemeralSize: number | null;
  /** How long this poll took, in milliseconds. */
  pollMs: number;
  /** Where the counts came from, e.g. "/proc/net/tcp" or "netstat -an -p TCP". */
  source: string;
}

/** One second of a run. */
export interface Sample {
  /** Seconds since the run started at the end of the interval (1 for the first second; the last may be fractional). */
  t: number;
  /**
   * The interval's length in seconds: 1, except the run's last, which runs from its last whole
   * second to its end so nothing is left out. Absent in files written before it was recorded, whose
   * samples are all whole seconds (read it through sampleSeconds).
   */
  seconds?: number;
  /** ISO 8601 local time at the end of the interval. */
  time: string;
  /** Successful connects in that interval. */
  connects: number;
  /** Successful connects since the start. */
  totalConnections: number;
  /** Errors in that interval. */
  errors: number;
  /** Half-connection counts from the poll nearest this second; null when unavailable. */
  netstat: NetstatCounts | null;
}

/** 'no-connections': no error, but no connection either, so the run proved nothing. */
export type Outcome = 'ok' | 'no-connections' | 'exhausted' | 'reset' | 'error';
export type StopReason = 'duration' | 'connection-limit' | 'max-errors' | 'stopped' | 'failed';

/** A fact about the machine, with where it came from; value null and `error` set when unreadable. */
export interface Fact<T> {
  value: T | null;
  source: string;
  error?: string;
}

export interface PortRange {
  start: number;
  end: number;
  count: number;
}

/** The machine a result comes from. */
export interface SystemInfo {
  /** os.platform(): win32, linux, darwin. */
  platform: string;
  /** os.release(). */
  release: string;
  /** A readable name, e.g. "Windows 11 Pro 23H2 (build 22631)" or "Debian GNU/Linux 12". */
  osName: string;
  hostname: string;
  arch: string;
  cpus: number;
  nodeVersion: string;
  /** Electron's version when run in the app; null from the command line. */
  electronVersion: string | null;
  /** The app's own version. */
  appVersion: string;
  /** Filled in by the machine-facts reader where it can; see REFERENCE "Machine facts". */
  ephemeralRange?: Fact<PortRange>;
  excludedRanges?: Fact<PortRange[]>;
  timeWaitDelay?: Fact<string>;
  twReuse?: Fact<number>;
  /** Set when the run was made inside an emulated Windows network namespace on Linux. */
  emulation?: string | null;
  /** Windows only: the System log's port-exhaustion events (4227, 4231) of the last 24 hours. */
  exhaustionEvents?: ExhaustionEvents;
}

/** The complete result of one session. */
export interface RunResult {
  mode: Mode;
  config: SessionConfig;
  /** ISO 8601 local time. */
  startedAt: string;
  endedAt: string;
  /** Successful connects. */
  connections: number;
  elapsedMs: number;
  outcome: Outcome;
  /** One line in plain words, e.g. "connect failed with WSAEADDRINUSE after 16,331 connections in 1.4 s". */
  summary: string;
  /** True when stopped by the user (Ctrl-C or Stop) before its end. */
  interrupted: boolean;
  stopReason: StopReason;
  /** Why the run failed, when stopReason is 'failed'. */
  failure: string | null;
  /**
   * The errors. The engine keeps them all; a long-running controller may keep only the first and
   * last ones in memory (see errorsOmitted) while every one goes to disk.
   */
  errors: ErrorRecord[];
  /** How many errors are not in `errors` (0 when complete). */
  errorsOmitted: number;
  /** Exact counts by code, whatever `errors` holds. */
  errorCounts: Record<string, number>;
  /** Read errors ignored by design (the workaround mode), counted apart. */
  ignoredReadErrors: number;
  samples: Sample[];
  system: SystemInfo;
}
