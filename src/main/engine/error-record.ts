import type { Mode } from '../../shared/modes';
import type { ErrorRecord, Operation, Side } from '../../shared/types';
import { winsockFor } from '../../shared/winsock';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO 8601 local time with milliseconds and the UTC offset: what a person matches against a packet trace. */
export function localIsoTime(epochMs: number): string {
  const d = new Date(epochMs);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export interface ErrorContext {
  side: Side;
  op: Operation;
  localPort: number | null;
  peerPort: number | null;
  connection: number;
  /** process.platform of the machine the error happened on. */
  platform: string;
  /** The close order of the run. */
  mode: Mode;
}

/** Turns whatever node:net threw into a record; keys on err.code, never on libuv's platform-specific number. */
export function toErrorRecord(err: unknown, ctx: ErrorContext, epochMs = Date.now()): ErrorRecord {
  const e = (typeof err === 'object' && err !== null ? err : {}) as NodeJS.ErrnoException;
  const code = typeof e.code === 'string' ? e.code : 'UNKNOWN';
  return {
    time: localIsoTime(epochMs),
    epochMs,
    side: ctx.side,
    op: ctx.op,
    code,
    errno: typeof e.errno === 'number' ? e.errno : null,
    winsock: ctx.platform === 'win32' ? winsockFor(code) : null,
    localPort: ctx.localPort,
    peerPort: ctx.peerPort,
    connection: ctx.connection,
    message: typeof e.message === 'string' ? e.message : String(err),
    mode: ctx.mode,
  };
}
