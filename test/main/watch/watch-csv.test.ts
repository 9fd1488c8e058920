import { describe, expect, it } from 'vitest';
import { WatchModel } from '../../../src/main/watch/model';
import { watchCsvHeader, watchCsvRows } from '../../../src/main/watch/watch-csv';
import { info, loopback, poll } from './rows';

const machine = {
  platform: 'linux',
  ephemeralRange: { start: 32768, end: 60999, count: 28232 },
  excludedRanges: [],
  timeWaitSeconds: 60,
};

/** RFC 4180 fields of one line, quotes undone. */
function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      out.push(value);
      i++;
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

describe('watch CSV', () => {
  it('writes a row per destination and per program, every line ending in CRLF, names quoted', () => {
    const model = new WatchModel(machine, { startedMs: 0 });
    const p = poll(
      model,
      [
        { local: '0.0.0.0:5432', remote: '0.0.0.0:0', state: 'LISTEN', pid: 9 },
        ...loopback(40000, 5432, 'ESTABLISHED', [8, 9]),
      ],
      1500,
      info([
        [8, 'my "client", v2'],
        [9, null],
      ]),
    );
    const header = watchCsvHeader();
    expect(header.endsWith('\r\n')).toBe(true);
    const columns = fields(header.trimEnd());
    expect(columns.slice(0, 8)).toEqual(['time', 't', 'kind', 'key', 'pid', 'name', 'total', 'ESTABLISHED']);
    expect(columns.slice(-6)).toEqual([
      'held',
      'capacity',
      'share',
      'newPerSecond',
      'forecast',
      'closeWaitLeak',
    ]);

    const text = watchCsvRows(p);
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3);
    const rows = lines.map(fields).map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])));
    expect(rows[0]).toMatchObject({
      kind: 'destination',
      key: '127.0.0.1:5432',
      total: '1',
      ESTABLISHED: '1',
      held: '1',
      capacity: '28232',
      forecast: 'unknown',
      pid: '',
      t: '1.5',
    });
    expect(rows[1]).toMatchObject({
      kind: 'program',
      key: '8',
      pid: '8',
      name: 'my "client", v2',
      closeWaitLeak: 'false',
      held: '',
    });
    expect(rows[2]).toMatchObject({ kind: 'program', key: '9', name: '' });
    expect(lines[1]).toContain('"my ""client"", v2"');
    for (const values of lines.map(fields)) expect(values).toHaveLength(columns.length);
  });

  it('writes one error row for a poll that could not read the table', () => {
    const model = new WatchModel(machine, { startedMs: 0 });
    const text = watchCsvRows(
      model.failed('The table could not be read, try again.', { pollMs: 1, nowMs: 1000 }),
    );
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const values = fields(lines[0]!);
    expect(values.slice(2, 4)).toEqual(['error', 'The table could not be read, try again.']);
    expect(values).toHaveLength(fields(watchCsvHeader().trimEnd()).length);
  });
});
