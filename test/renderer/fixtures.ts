/**
 * Real contract objects for the window's tests: snapshots, errors, results and machines shaped
 * as the main process sends them.
 */
import type { HistoryEntry, ResultsDocument, RunEnded, Snapshot } from '@shared/contract';
import type { Mode } from '@shared/modes';
import { classifyOutcome, summarize } from '@shared/outcome';
import {
  TCP_STATES,
  type ErrorRecord,
  type HalfCounts,
  type NetstatCounts,
  type RunResult,
  type Sample,
  type SystemInfo,
  type TcpState,
} from '@shared/types';
import { winsockFor } from '@shared/winsock';
import { linuxMachine } from '../fixtures/results/factory';
import { snapshot } from '../fixtures/snapshot';

export { snapshot };

// The machines are the results fixtures' own, so the window's tests and the results tests agree.
export { linuxMachine, windowsMachine } from '../fixtures/results/factory';

const START = Date.parse('2026-11-24T07:18:00.000Z');

/** The n-th error of a run (1-based), at one per millisecond from 07:18:00.000 local time (UTC here). */
export function errorRecord(n: number, code = 'EADDRINUSE', over: Partial<ErrorRecord> = {}): ErrorRecord {
  const epochMs = START + n;
  const op = over.op ?? (code === 'ECONNRESET' ? 'read' : 'connect');
  return {
    time: new Date(epochMs).toISOString().replace('Z', '+00:00'),
    epochMs,
    side: op === 'read' ? 'client' : op === 'accept' ? 'server' : 'client',
    op,
    code,
    errno: code === 'EADDRINUSE' ? -4091 : -4077,
    winsock: winsockFor(code),
    localPort: op === 'connect' ? null : 50000 + (n % 15000),
    peerPort: 40000,
    connection: 16_000 + n,
    message: `${op} ${code} 127.0.0.1:40000`,
    ...over,
  };
}

function half(total: number, timeWait = total): HalfCounts {
  const byState = Object.fromEntries(TCP_STATES.map((s) => [s, 0])) as Record<TcpState, number>;
  byState.TIME_WAIT = timeWait;
  byState.ESTABLISHED = total - timeWait;
  return { total, byState };
}

export function netstat(
  server: number,
  client: number,
  held: number | null = client,
  size: number | null = 16384,
): NetstatCounts {
  return {
    server: half(server),
    client: half(client),
    ephemeralHeld: held,
    ephemeralSize: size,
    pollMs: 3,
    source: '/proc/net/tcp',
  };
}

export function sample(
  t: number,
  connects: number,
  halves: [number, number] | null = [t * 10, t * 900],
): Sample {
  return {
    t,
    time: new Date(START + t * 1000).toISOString().replace('Z', '+00:00'),
    connects,
    totalConnections: connects * t,
    errors: 0,
    netstat: halves ? netstat(halves[0], halves[1]) : null,
  };
}

export function runResult(
  mode: Mode,
  errors: ErrorRecord[] = [],
  connections = 16_383,
  system = linuxMachine(),
): RunResult {
  const errorCounts: Record<string, number> = {};
  for (const e of errors) errorCounts[e.code] = (errorCounts[e.code] ?? 0) + 1;
  const outcome = classifyOutcome(errors);
  const elapsedMs = 1400;
  return {
    mode,
    config: {
      mode,
      host: '127.0.0.1',
      port: 40000,
      durationSec: 10,
      connectionLimit: null,
      maxErrors: 10,
      force: false,
    },
    startedAt: '2026-11-24T07:18:00.000+00:00',
    endedAt: '2026-11-24T07:18:01.400+00:00',
    connections,
    elapsedMs,
    outcome,
    summary: summarize({ outcome, connections, elapsedMs, errors, errorCounts, ignoredReadErrors: 0 }),
    interrupted: false,
    stopReason: errors.length ? 'max-errors' : 'duration',
    failure: null,
    errors,
    errorsOmitted: 0,
    errorCounts,
    ignoredReadErrors: 0,
    samples: [],
    system,
  };
}

/**
 * Three seconds into a Run all's second close order (client), running out of ports: 16,300 of
 * 16,384 held, three errors new in this snapshot and three seconds of samples.
 */
export function runningSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  return snapshot({
    seq: 12,
    sessionId: 's2',
    state: 'running',
    mode: 'client',
    config: runResult('client').config,
    runAll: { modes: ['any', 'client', 'server'], index: 1 },
    elapsedMs: 3000,
    durationMs: 10_000,
    connections: 16_383,
    connectsPerSec: 11_200,
    errorTotal: 3,
    errorCounts: { EADDRINUSE: 2, ECONNRESET: 1 },
    newErrors: [errorRecord(1), errorRecord(2), errorRecord(3, 'ECONNRESET')],
    netstat: netstat(4, 16_300, 16_300, 16_384),
    samples: [sample(1, 9000), sample(2, 11_000), sample(3, 11_200)],
    finished: [runResult('any')],
    ...over,
  });
}

export function resultsDocument(
  runs: RunResult[],
  machine: SystemInfo,
  createdAt = '2026-11-20T10:00:00.000+01:00',
): ResultsDocument {
  return {
    kind: 'socketclosetest-results',
    schemaVersion: 1,
    createdAt,
    app: { name: 'SocketCloseTest', version: '0.1.0' },
    machine,
    status: 'complete',
    runs,
  };
}

export function runEnded(sessionId: string, runs: RunResult[], historyId: string | null = 'h1'): RunEnded {
  return {
    sessionId,
    document: resultsDocument(runs, linuxMachine(), '2026-11-24T07:20:00.000+00:00'),
    historyId,
    message: historyId ? null : 'The results could not be saved: the disk is full.',
  };
}

/** A line of the history list: a complete client session unless told otherwise. */
export function historyEntry(id: string, over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    createdAt: '2026-11-24T07:00:00+00:00',
    status: 'complete',
    modes: ['client'],
    summary: 'client: ok',
    ...over,
  };
}
