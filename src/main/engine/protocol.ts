/**
 * What a run's own thread and its two worker threads share. The close orders are coordinated
 * through a SharedArrayBuffer with Atomics, like the original's two threads, so a waiting side
 * blocks its own thread (as a blocking C socket would) and never the thread that owns the run.
 */
import type { Mode } from '../../shared/modes';
import type { ErrorRecord } from '../../shared/types';

/** Slots of the shared Int32Array. */
export const SLOT = {
  /** 1 once the run asks both threads to stop. */
  STOP: 0,
  /** Successful client connects (read as unsigned). */
  CONNECTS: 1,
  /** Connections the client has closed (mode client: the server waits for this). */
  CLIENT_CLOSED: 2,
  /** Connections the server has closed (mode server: the client waits for this). */
  SERVER_CLOSED: 3,
  /** Sense-reversing barrier for mode simultaneous. */
  BARRIER_COUNT: 4,
  BARRIER_SENSE: 5,
  /** Errors recorded by both threads; reaching MAX_ERRORS stops the run. */
  ERRORS: 6,
  MAX_ERRORS: 7,
  /** Stop after this many connects; 0 for no limit. */
  CONNECTION_LIMIT: 8,
  /** Read errors ignored by design (mode workaround). */
  IGNORED_READ_ERRORS: 9,
} as const;
export const SLOT_COUNT = 10;

export interface WorkerSetup {
  role: 'client' | 'server';
  mode: Mode;
  host: string;
  port: number;
  shared: SharedArrayBuffer;
}

/** Messages from a worker to the run's thread. */
export type WorkerMessage =
  | { type: 'listening' }
  | { type: 'listen-failed'; code: string; message: string }
  /** The client's loop has begun: the run's duration, samples and counting start from here. */
  | { type: 'ready' }
  | { type: 'errors'; records: ErrorRecord[] }
  | { type: 'finished'; reason: 'stopped' | 'connection-limit' | 'max-errors' }
  /** Last message: the client's own clock around its loop (epoch ms, sub-millisecond). */
  | { type: 'done'; startedAt: number; endedAt: number };

/** Messages from the run's thread to a worker. */
export type RunMessage = { type: 'go' } | { type: 'stop' };
