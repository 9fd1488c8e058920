import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { ErrorLog } from '@renderer/store/error-log.svelte';
import { errorRecord } from '../fixtures';

describe('ErrorLog', () => {
  it('answers rows newest first, all codes or one', () => {
    const log = new ErrorLog();
    log.append([errorRecord(1), errorRecord(2, 'ECONNRESET'), errorRecord(3)], 'client');
    log.append([errorRecord(4, 'ECONNRESET')], 'graceful');

    expect(log.count(null)).toBe(4);
    expect(log.rowAt(0, null)?.record.connection).toBe(errorRecord(4).connection);
    expect(log.rowAt(0, null)?.mode).toBe('graceful');
    expect(log.rowAt(3, null)?.record.connection).toBe(errorRecord(1).connection);
    expect(log.count('EADDRINUSE')).toBe(2);
    expect(log.rowAt(0, 'EADDRINUSE')?.record.connection).toBe(errorRecord(3).connection);
    expect(log.rowAt(2, 'EADDRINUSE')).toBeUndefined();
    expect(log.count('ENOBUFS')).toBe(0);
    expect(log.codes()).toEqual([
      { code: 'EADDRINUSE', count: 2 },
      { code: 'ECONNRESET', count: 2 },
    ]);
  });

  it('bumps its version once per batch and counts skipped errors', () => {
    const log = new ErrorLog();
    const before = log.version;
    log.append([errorRecord(1), errorRecord(2)], 'client', 5);
    expect(log.version).toBe(before + 1);
    expect(log.skipped).toBe(5);
    log.append([], 'client', 0);
    expect(log.version).toBe(before + 1);
  });

  it('lets the oldest rows go when full, keeping the per-code lists consistent', () => {
    const log = new ErrorLog(100);
    const records = Array.from({ length: 111 }, (_, i) =>
      errorRecord(i + 1, i % 2 ? 'ECONNRESET' : 'EADDRINUSE'),
    );
    log.append(records, 'any');

    expect(log.count(null)).toBe(100);
    expect(log.dropped).toBe(11);
    expect(log.rowAt(99, null)?.record.connection).toBe(errorRecord(12).connection);
    expect(log.count('EADDRINUSE') + log.count('ECONNRESET')).toBe(100);
    expect(log.rowAt(0, 'EADDRINUSE')?.record.connection).toBe(errorRecord(111).connection);
  });

  it('empties on clear', () => {
    const log = new ErrorLog();
    log.append([errorRecord(1)], 'client', 2);
    log.clear();
    expect(log.count(null)).toBe(0);
    expect(log.skipped).toBe(0);
    expect(log.codes()).toEqual([]);
  });

  it('has whoever reads its rows look again when they change, with nothing else to watch', () => {
    const log = new ErrorLog();
    const seen: [number, number, string | undefined][] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push([log.count(null), log.codes().length, log.rowAt(0, null)?.record.code]);
      });
    });
    flushSync();
    log.append([errorRecord(1)], 'client');
    flushSync();
    log.clear();
    flushSync();
    stop();
    expect(seen).toEqual([
      [0, 0, undefined],
      [1, 1, 'EADDRINUSE'],
      [0, 0, undefined],
    ]);
  });
});
