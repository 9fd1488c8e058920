import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeTable } from '../../../src/main/engine/netstat/decode';
import { newAnoParser, newConnectionRow, parseNetstatAno } from '../../../src/main/watch/parse-netstat-ano';
import type { ConnectionRow } from '../../../src/main/watch/table-source';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../fixtures/watch/${name}`, import.meta.url));

function rowsOf(bytes: Buffer | string) {
  const { text, stateName } =
    typeof bytes === 'string' ? decodeTable(Buffer.from(bytes)) : decodeTable(bytes);
  const rows: ConnectionRow[] = [];
  const seen = new Set<ConnectionRow>();
  const report = parseNetstatAno(text, newAnoParser(stateName), newConnectionRow(), (row) => {
    seen.add(row);
    rows.push({ ...row });
  });
  return { rows, report, objects: seen.size };
}

const row = (
  localAddress: string,
  localPort: number,
  remoteAddress: string,
  remotePort: number,
  state: ConnectionRow['state'],
  pid: number | null,
  family: 4 | 6 = 4,
): ConnectionRow => ({ family, localAddress, localPort, remoteAddress, remotePort, state, pid });

const englishV4 = [
  row('0.0.0.0', 135, '0.0.0.0', 0, 'LISTEN', 1104),
  row('0.0.0.0', 445, '0.0.0.0', 0, 'LISTEN', 4),
  row('127.0.0.1', 5432, '0.0.0.0', 0, 'LISTEN', 3312),
  row('127.0.0.1', 5432, '127.0.0.1', 50001, 'ESTABLISHED', 3312),
  row('127.0.0.1', 50001, '127.0.0.1', 5432, 'ESTABLISHED', 7720),
  row('127.0.0.1', 50002, '127.0.0.1', 5432, 'TIME_WAIT', null),
  row('127.0.0.1', 50003, '127.0.0.1', 5432, 'TIME_WAIT', null),
  row('127.0.0.1', 50004, '127.0.0.1', 5432, 'SYN_SENT', 7720),
  row('127.0.0.1', 8080, '127.0.0.1', 50005, 'CLOSE_WAIT', 9012),
  row('127.0.0.1', 8080, '127.0.0.1', 50006, 'CLOSE_WAIT', 9012),
  row('127.0.0.1', 50005, '127.0.0.1', 8080, 'FIN_WAIT_2', 7720),
  row('127.0.0.1', 50007, '127.0.0.1', 8080, 'LAST_ACK', 7720),
  row('192.168.178.20', 50135, '140.82.121.4', 443, 'ESTABLISHED', 5544),
  row('192.168.178.20', 50136, '140.82.121.4', 443, 'FIN_WAIT_1', 5544),
  row('192.168.178.20', 50137, '140.82.121.4', 443, 'CLOSING', 5544),
];

const englishV6 = [
  row('::', 135, '::', 0, 'LISTEN', 1104, 6),
  row('::1', 5432, '::', 0, 'LISTEN', 3312, 6),
  row('::1', 5432, '::1', 50010, 'ESTABLISHED', 3312, 6),
  row('::1', 50010, '::1', 5432, 'ESTABLISHED', 7720, 6),
  row('::1', 50011, '::1', 5432, 'TIME_WAIT', null, 6),
  row('fe80::1c2d:3e4f:5a6b:7c8d%12', 50012, 'fe80::aabb:ccff:fedd:eeff%12', 445, 'ESTABLISHED', 4, 6),
];

describe('netstat -ano rows with owners', () => {
  it('reads every English IPv4 row with its state and owner; TIME_WAIT (PID 0) has none', () => {
    const { rows, report } = rowsOf(fixture('netstat-ano-en-tcp.txt'));
    expect(rows).toEqual(englishV4);
    expect(report).toEqual({ rows: englishV4.length, skipped: 2, header: true, withPid: englishV4.length });
  });

  it('reads IPv6 rows without the brackets, zone ids kept', () => {
    expect(rowsOf(fixture('netstat-ano-en-tcpv6.txt')).rows).toEqual(englishV6);
  });

  it('reads a German machine (CP850, CRLF, translated states) as the same rows', () => {
    const bytes = fixture('netstat-ano-de-tcp-cp850.txt');
    expect(bytes.includes(Buffer.from([0x41, 0x42, 0x48, 0x99, 0x52, 0x45, 0x4e]))).toBe(true);
    const { rows, report } = rowsOf(bytes);
    // The German capture has no 0.0.0.0:445 listener.
    expect(rows).toEqual(englishV4.filter((r) => r.localPort !== 445));
    expect(report.header).toBe(true);
    expect(report.skipped).toBe(2);
    expect(rowsOf(fixture('netstat-ano-de-tcpv6-cp850.txt')).rows).toEqual(englishV6);
  });

  it('reads the German table the same when the console is on UTF-8', () => {
    const utf8 = Buffer.from(iconv.decode(fixture('netstat-ano-de-tcp-cp850.txt'), 'cp850'), 'utf8');
    expect(rowsOf(utf8).rows).toEqual(rowsOf(fixture('netstat-ano-de-tcp-cp850.txt')).rows);
  });

  it('visits one reused row object, not an object per row', () => {
    expect(rowsOf(fixture('netstat-ano-en-tcp.txt')).objects).toBe(1);
  });

  it('counts junk as skipped and never throws', () => {
    const { rows, report } = rowsOf(
      'TCP\r\nTCP 1.2.3.4:x 5.6.7.8:9 ESTABLISHED 12\r\n\u0000\u00ff junk\r\nUDP 0.0.0.0:53 *:*  99\r\n' +
        'TCP 1.2.3.4:80 5.6.7.8:9 ESTABLISHED 12\n',
    );
    expect(rows).toEqual([row('1.2.3.4', 80, '5.6.7.8', 9, 'ESTABLISHED', 12)]);
    expect(report.skipped).toBe(3);
  });

  it('takes a state with a space (Italian) and a table without the PID column', () => {
    const { rows } = rowsOf(
      '  TCP    0.0.0.0:135   0.0.0.0:0   IN ASCOLTO   1104\r\n  TCP    1.2.3.4:80   5.6.7.8:9   ESTABLISHED\r\n' +
        '  TCP    1.2.3.4:81   5.6.7.8:9   UNBEKANNT   77\r\n',
    );
    expect(rows).toEqual([
      row('0.0.0.0', 135, '0.0.0.0', 0, 'LISTEN', 1104),
      row('1.2.3.4', 80, '5.6.7.8', 9, 'ESTABLISHED', null),
      row('1.2.3.4', 81, '5.6.7.8', 9, 'OTHER', 77),
    ]);
  });
});
