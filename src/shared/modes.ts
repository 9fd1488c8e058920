/**
 * The close orders the program runs. The first five are the original program's, with the
 * outcomes it recorded on Windows 10 and Linux; `workaround` and `abort` are the two known fixes.
 */
export const MODES = ['any', 'client', 'server', 'simultaneous', 'graceful', 'workaround', 'abort'] as const;
export type Mode = (typeof MODES)[number];

/** The five orders of the original program: what "Run all" runs by default. */
export const ORIGINAL_MODES = [
  'any',
  'client',
  'server',
  'simultaneous',
  'graceful',
] as const satisfies readonly Mode[];

export interface ModeInfo {
  mode: Mode;
  /** One plain sentence on what the mode does. */
  does: string;
  /** What Windows is known to show. */
  windows: string;
  /** What Linux is known to show. */
  linux: string;
}

export const MODE_INFO: Record<Mode, ModeInfo> = {
  any: {
    mode: 'any',
    does: 'Each side closes as soon as it can, with no coordination.',
    windows: 'WSAEADDRINUSE (10048) from connect',
    linux: 'ok',
  },
  client: {
    mode: 'client',
    does: 'The client closes first, then the server closes.',
    windows: 'WSAEADDRINUSE (10048) from connect',
    linux: 'ok',
  },
  server: {
    mode: 'server',
    does: 'The server closes first, then the client closes.',
    windows: 'ok',
    linux: 'ok',
  },
  simultaneous: {
    mode: 'simultaneous',
    does: 'Both sides wait for each other, then close at about the same instant.',
    windows: 'WSAEADDRINUSE (10048) from connect',
    linux: 'ok',
  },
  graceful: {
    mode: 'graceful',
    does: 'The server closes at once; the client reads until the server has closed, then closes.',
    windows: 'occasional WSAECONNRESET (10054) from recv, after 30-60 s',
    linux: 'ok',
  },
  workaround: {
    mode: 'workaround',
    does: 'The client asks the server to close, the server closes first, the client reads to the end and ignores a read error, then closes.',
    windows: 'ok (read errors are counted but expected)',
    linux: 'ok',
  },
  abort: {
    mode: 'abort',
    does: 'The client closes abortively with a reset (RST), so no TIME_WAIT is left behind.',
    windows: 'ok',
    linux: 'ok',
  },
};

export function isMode(value: unknown): value is Mode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}
