import { describe, expect, it } from 'vitest';
import { csvField, errorsCsv, samplesCsv } from '../../../src/main/results/csv';
import { TCP_STATES } from '../../../src/shared/types';
import { linuxDocument, makeError, windowsDocument } from '../../fixtures/results/factory';

/** A strict RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quote');
        field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      field = end < 0 ? text.slice(i) : text.slice(i, i + end);
      if (/["\r\n]/.test(field)) throw new Error(`unquoted special character in ${JSON.stringify(field)}`);
      i = end < 0 ? text.length : i + end;
    }
    record.push(field);
    if (text.startsWith(',', i)) i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (record.length > 0) throw new Error('last record has no CRLF');
  return records;
}

describe('csvField', () => {
  it('quotes commas, quotes and line breaks, and nothing else', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(-4091)).toBe('-4091');
  });

  it('keeps text that looks like a formula from running in a spreadsheet', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('errorsCsv', () => {
  it('has a row per recorded error with its mode, Winsock name and ports', () => {
    const doc = windowsDocument();
    const rows = parseCsv(errorsCsv(doc));
    expect(rows[0]).toEqual([
      'mode',
      'time',
      'epoch_ms',
      'side',
      'operation',
      'code',
      'errno',
      'winsock_name',
      'winsock_number',
      'local_port',
      'peer_port',
      'connection',
      'message',
    ]);
    expect(rows).toHaveLength(1 + doc.runs.reduce((n, r) => n + r.errors.length, 0));
    const reset = rows.find((r) => r[0] === 'graceful')!;
    const e = doc.runs[4]!.errors[0]!;
    expect(reset).toEqual([
      'graceful',
      e.time,
      String(e.epochMs),
      'client',
      'read',
      'ECONNRESET',
      '-4077',
      'WSAECONNRESET',
      '10054',
      '50123',
      '40000',
      '3000',
      e.message,
    ]);
  });

  it('survives messages with commas, quotes and line breaks', () => {
    const doc = linuxDocument();
    const error = {
      ...makeError({ atMs: 1, op: 'connect', code: 'EADDRNOTAVAIL', connection: 7, platform: 'linux' }),
      message: 'connect EADDRNOTAVAIL 127.0.0.1:40000, "local"\r\nport\n',
    };
    doc.runs[0] = { ...doc.runs[0]!, errors: [error] };
    const rows = parseCsv(errorsCsv(doc));
    expect(rows).toHaveLength(2);
    expect(rows[1]![12]).toBe(error.message);
    expect(rows[1]![7]).toBe('');
  });
});

describe('samplesCsv', () => {
  it('has a row per second per mode with per-side, per-state counts', () => {
    const doc = linuxDocument();
    const rows = parseCsv(samplesCsv(doc));
    const header = rows[0]!;
    expect(header.slice(0, 7)).toEqual([
      'mode',
      't',
      'time',
      'connects',
      'total_connections',
      'errors',
      'server_total',
    ]);
    expect(header).toContain('client_time_wait');
    expect(header).toContain('server_syn_received');
    expect(header).toHaveLength(7 + TCP_STATES.length + 1 + TCP_STATES.length + 5);
    expect(header[header.length - 1]).toBe('seconds');
    expect(rows).toHaveLength(1 + doc.runs.reduce((n, r) => n + r.samples.length, 0));
    const col = (name: string): number => header.indexOf(name);
    const sample = doc.runs[1]!.samples[2]!;
    const row = rows.filter((r) => r[0] === 'client')[2]!;
    expect(row[col('t')]).toBe('3');
    expect(row[col('total_connections')]).toBe(String(sample.totalConnections));
    expect(row[col('client_time_wait')]).toBe(String(sample.netstat!.client.byState.TIME_WAIT));
    expect(row[col('server_total')]).toBe(String(sample.netstat!.server.total));
    expect(row[col('source')]).toBe('/proc/net/tcp');
  });

  it('leaves the counts empty for a second with no poll', () => {
    const doc = linuxDocument();
    const run = doc.runs[0]!;
    doc.runs = [{ ...run, samples: [{ ...run.samples[0]!, netstat: null }] }];
    const rows = parseCsv(samplesCsv(doc));
    expect(rows[1]!.slice(0, 6)).toEqual([
      'any',
      '1',
      run.samples[0]!.time,
      String(run.samples[0]!.connects),
      String(run.samples[0]!.totalConnections),
      '0',
    ]);
    expect(rows[1]!.slice(6, -1).every((c) => c === '')).toBe(true);
  });

  it("gives each sample's length: a whole second when a file predates it, else as recorded", () => {
    const doc = linuxDocument();
    const run = doc.runs[0]!;
    const last = { ...run.samples[1]!, t: 1.5, seconds: 0.5 };
    doc.runs = [{ ...run, samples: [run.samples[0]!, last] }];
    const rows = parseCsv(samplesCsv(doc));
    const col = rows[0]!.indexOf('seconds');
    expect(rows.slice(1).map((r) => [r[1], r[col]])).toEqual([
      ['1', '1'],
      ['1.5', '0.5'],
    ]);
  });
});
