import { constants } from 'node:os';
import type { ErrorRecord, RunResult, Sample } from '../../shared/types';
import { formatCount } from '../../shared/outcome';
import { connectsPerSecond } from '../../shared/samples';
import { guidanceFor } from '../../shared/guidance';

/** Where the command line writes: the real terminal, or a test's buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Registers what Ctrl-C does, and closing the terminal or console window, or a polite kill:
   * each stops the run and the results are still written. Answers a function that unregisters it.
   */
  onInterrupt(handler: (signal: InterruptSignal) => void): () => void;
}

/** The signals that stop a run like Ctrl-C; SIGBREAK exists on Windows only (Ctrl-Break, closing the console). */
export type InterruptSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'SIGBREAK';

export function interruptSignals(platform: NodeJS.Platform = process.platform): InterruptSignal[] {
  return platform === 'win32' ? ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
}

/** 128 + the signal's number, as a shell reports a process the signal ended: 130 for Ctrl-C, 129 for a hang-up. */
export function interruptExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? constants.signals.SIGINT);
}

/** The original program's line, once a second. */
export function sampleLine(sample: Sample): string {
  const counts = sample.netstat;
  const server = counts ? formatCount(counts.server.total) : 'n/a';
  const client = counts ? formatCount(counts.client.total) : 'n/a';
  return `connects per second: ${formatCount(connectsPerSecond(sample))}, server connections: ${server}, client connections: ${client}`;
}

const port = (p: number | null): string => (p === null ? '-' : String(p));

/** One error as it happens: time, side, operation, code and ports, for matching a packet trace. */
export function errorLine(e: ErrorRecord): string {
  const name = e.winsock ? `${e.winsock.name} (${e.winsock.number})` : e.code;
  const errno = e.errno !== null ? ` errno ${e.errno}` : '';
  return `${e.time} ${e.side} ${e.op} failed: ${name}${errno}, local port ${port(e.localPort)}, peer port ${port(e.peerPort)}, connection ${e.connection}`;
}

export function summaryLines(result: RunResult): string[] {
  const lines = [`${result.mode}: ${result.summary}`];
  const counts = Object.entries(result.errorCounts);
  if (counts.length) {
    lines.push(`errors by code: ${counts.map(([code, n]) => `${code} ${formatCount(n)}`).join(', ')}`);
  }
  if (result.failure) lines.push(`failure: ${result.failure}`);
  if (guidanceFor(result.outcome).tone === 'problem')
    lines.push(`what to change in your code: socketclosetest explain ${result.outcome}`);
  return lines;
}

/** Errors printed one per line up to this many; beyond, they are counted and saved, not printed. */
export const PRINTED_ERRORS_LIMIT = 1000;
