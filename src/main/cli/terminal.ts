import type { ErrorRecord, RunResult, Sample } from '../../shared/types';
import { formatCount } from '../../shared/outcome';

/** Where the command line writes: the real terminal, or a test's buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Registers what Ctrl-C does; answers a function that unregisters it. */
  onInterrupt(handler: () => void): () => void;
}

/** The original program's line, once a second. */
export function sampleLine(sample: Sample): string {
  const counts = sample.netstat;
  const server = counts ? formatCount(counts.server.total) : 'n/a';
  const client = counts ? formatCount(counts.client.total) : 'n/a';
  return `connects per second: ${formatCount(sample.connects)}, server connections: ${server}, client connections: ${client}`;
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
  return lines;
}

/** Errors printed one per line up to this many; beyond, they are counted and saved, not printed. */
export const PRINTED_ERRORS_LIMIT = 1000;
