import { describe, expect, it } from 'vitest';
import { WatchModel } from '../../../src/main/watch/model';
import { watchSummaryText } from '../../../src/main/watch/watch-summary';
import { info, loopback, poll, type Row } from './rows';

const machine = {
  platform: 'win32',
  ephemeralRange: { start: 49152, end: 65535, count: 16384 },
  excludedRanges: [{ start: 50000, end: 50059, count: 60 }],
  timeWaitSeconds: 240,
};

describe('watch summary', () => {
  it('gives the totals, the destinations with forecasts, the programs flagged and the alerts', () => {
    const model = new WatchModel(machine, { startedMs: 0 });
    const rowsAt = (n: number): Row[] => {
      const rows: Row[] = [{ local: '0.0.0.0:5432', remote: '0.0.0.0:0', state: 'LISTEN', pid: 9 }];
      for (let i = 0; i < n; i++) rows.push(...loopback(49152 + i, 5432, 'TIME_WAIT'));
      for (let i = 0; i < 120; i++)
        rows.push({ local: `10.0.0.2:${60000 + i}`, remote: '10.0.0.9:80', state: 'CLOSE_WAIT', pid: 7 });
      return rows;
    };
    poll(model, rowsAt(100), 0);
    const p = poll(model, rowsAt(240), 1000, info([[7, 'leaky.exe']]));
    const text = watchSummaryText(p);
    expect(text).toContain('Connections: 600 (TIME_WAIT 480, CLOSE_WAIT 120)');
    expect(text).toContain('49152-65535, excluded 50000-50059: 16,324 usable toward each destination');
    expect(text).toContain('TIME_WAIT for 240 s');
    expect(text).toContain(
      '127.0.0.1:5432: 240 connections (TIME_WAIT 240), 240 of 16,324 ports held, 140 new connections a second.',
    );
    expect(text).toContain(
      'At 140 new connections a second on this computer and a 240 s TIME_WAIT, connects to 127.0.0.1:5432 fail in about 2 minutes: on Windows each connection takes a port of its own, whatever its destination.',
    );
    expect(text).toContain('leaky.exe (PID 7), 120 connections: It holds 120 connections');
    expect(text).toContain('TIME_WAIT connections belong to no program.');
    expect(text).toMatch(/Alerts:\n {2}leaky\.exe \(PID 7\) likely leaks connections/);
  });

  it('says when the table could not be read', () => {
    const model = new WatchModel(machine, { startedMs: 0 });
    const text = watchSummaryText(
      model.failed('The connection table could not be read.', { pollMs: 1, nowMs: 5000 }),
    );
    expect(text).toContain(
      'This poll could not read the connection table: The connection table could not be read.',
    );
  });
});
