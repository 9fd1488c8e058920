import { describe, expect, it } from 'vitest';
import { localIsoTime, toErrorRecord } from '../../../src/main/engine/error-record';

describe('error records', () => {
  it('writes local time with milliseconds and the offset', () => {
    const ms = Date.UTC(2026, 10, 24, 6, 18, 4, 7);
    const text = localIsoTime(ms);
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(new Date(text).getTime()).toBe(ms);
  });

  it('keys on the code and adds the Winsock name on Windows', () => {
    const err = Object.assign(new Error('connect EADDRINUSE 127.0.0.1:40000'), {
      code: 'EADDRINUSE',
      errno: -4091,
    });
    const ctx = {
      side: 'client' as const,
      op: 'connect' as const,
      localPort: null,
      peerPort: 40000,
      connection: 16332,
      mode: 'client' as const,
    };
    const win = toErrorRecord(err, { ...ctx, platform: 'win32' }, 0);
    expect(win).toMatchObject({
      code: 'EADDRINUSE',
      errno: -4091,
      winsock: { name: 'WSAEADDRINUSE', number: 10048 },
      localPort: null,
      peerPort: 40000,
      connection: 16332,
      message: 'connect EADDRINUSE 127.0.0.1:40000',
      mode: 'client',
    });
    expect(toErrorRecord(err, { ...ctx, platform: 'linux' }, 0).winsock).toBeNull();
  });

  it('records what it was given even when it is not an Error', () => {
    const r = toErrorRecord(
      'boom',
      {
        side: 'server',
        op: 'accept',
        localPort: 1,
        peerPort: null,
        connection: 1,
        platform: 'linux',
        mode: 'server',
      },
      0,
    );
    expect(r).toMatchObject({ code: 'UNKNOWN', errno: null, message: 'boom', mode: 'server' });
  });
});
