/**
 * /proc/net/tcp and tcp6 rows read from the bytes, against lines as the kernel writes them
 * (captured on x86-64, where each 32-bit word of an address is printed in little-endian order).
 */
import { describe, expect, it } from 'vitest';
import { parseProcRows, ProcRows } from '../../../src/main/watch/parse-proc-rows';
import { ipv6Text, ProcAddresses } from '../../../src/main/watch/proc-addresses';
import { dropRepeatedRows } from '../../../src/main/watch/repeated-rows';

const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:EE49 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3360441 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:BFF6 0100007F:EE49 06 00000000:00000000 03:000016F2 00000000     0        0 0 3 0000000000000000',
  '   2: 0100007F:BFFA 0100007F:EE49 01 00000000:00000000 00:00000000 00000000  1000        0 3360450 1 0000000000000000 20 4 30 10 -1',
  '   3: 0A00A8C0:D2F0 22D8B85D:01BB 08 00000000:00000001 00:00000000 00000000 65534        0 4294967295 1 0000000000000000 20 4 30 10 -1',
  '',
].join('\n');

const TCP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000001000000:EE4A 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3360442 1 0000000000000000 100 0 0 10 0',
  '   1: 0000000000000000FFFF00000100007F:EE4B 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 3360460 1 0000000000000000 20 4 30 10 -1',
  '   2: 0000000000000000FFFF00000100007F:EE4B 0000000000000000FFFF0000 01 not a row',
  '',
].join('\n');

function read(...tables: string[]): { rows: ProcRows; addresses: ProcAddresses; skipped: number } {
  const rows = new ProcRows();
  const addresses = new ProcAddresses();
  let skipped = 0;
  for (const table of tables) skipped += parseProcRows(Buffer.from(table, 'latin1'), rows, addresses);
  return { rows, addresses, skipped };
}

function row(rows: ProcRows, addresses: ProcAddresses, i: number): string {
  return [
    rows.family[i],
    `${addresses.text(rows.localAddress[i]!)}:${rows.localPort[i]}`,
    `${addresses.text(rows.remoteAddress[i]!)}:${rows.remotePort[i]}`,
    rows.state[i]!.toString(16),
    rows.inode[i],
  ].join(' ');
}

describe('the rows of /proc/net/tcp and tcp6', () => {
  it('reads address, port, state and inode of each row, listeners and TIME_WAIT included', () => {
    const { rows, addresses, skipped } = read(TCP, TCP6);
    expect(skipped).toBe(1);
    expect(Array.from({ length: rows.length }, (_, i) => row(rows, addresses, i))).toEqual([
      '4 127.0.0.1:61001 0.0.0.0:0 a 3360441',
      '4 127.0.0.1:49142 127.0.0.1:61001 6 0',
      '4 127.0.0.1:49146 127.0.0.1:61001 1 3360450',
      '4 192.168.0.10:54000 93.184.216.34:443 8 4294967295',
      '6 ::1:61002 :::0 a 3360442',
      '6 ::ffff:127.0.0.1:61003 ::ffff:127.0.0.1:50000 1 3360460',
    ]);
  });

  it('makes each distinct address text once', () => {
    const { addresses } = read(TCP, TCP6, TCP);
    // 127.0.0.1, 0.0.0.0, 192.168.0.10, 93.184.216.34, ::1, ::, ::ffff:127.0.0.1
    expect(addresses.size).toBe(7);
  });

  it('keeps its columns across polls and grows them past their first size', () => {
    const rows = new ProcRows();
    const addresses = new ProcAddresses();
    const line = TCP.split('\n')[2]!;
    const big = Array.from({ length: 3000 }, () => line).join('\n');
    parseProcRows(Buffer.from(big), rows, addresses);
    expect(rows.length).toBe(3000);
    rows.clear();
    parseProcRows(Buffer.from(TCP), rows, addresses);
    expect(rows.length).toBe(4);
  });

  it('writes IPv6 addresses as Node and ss do', () => {
    // Words as the kernel prints them on a little-endian machine.
    expect(ipv6Text(0, 0, 0, 0)).toBe('::');
    expect(ipv6Text(0x000080fe, 0, 0, 0x01000000)).toBe('fe80::1');
    expect(ipv6Text(0x02000100, 0x04000300, 0x06000500, 0x08000700)).toBe('1:2:3:4:5:6:7:8');
    // A single zero group stays (RFC 5952): 1:0:3:4:5:6:7:8.
    expect(ipv6Text(0x00000100, 0x04000300, 0x06000500, 0x08000700)).toBe('1:0:3:4:5:6:7:8');
    expect(ipv6Text(0xb80d0120, 0, 0, 0x01000000)).toBe('2001:db8::1');
  });

  it('keeps a connection read twice (the table moved between two page reads) once, in its later state', () => {
    const lines = TCP.split('\n');
    const repeated = [...lines.slice(0, 4), lines[3]!.replace(' 01 ', ' 08 '), lines[1]!, lines[4]!, ''].join(
      '\n',
    );
    const { rows, addresses } = read(repeated);
    expect(rows.length).toBe(6);
    expect(dropRepeatedRows(rows)).toBe(1);
    expect(Array.from({ length: rows.length }, (_, i) => row(rows, addresses, i))).toEqual([
      '4 127.0.0.1:61001 0.0.0.0:0 a 3360441',
      '4 127.0.0.1:49142 127.0.0.1:61001 6 0',
      '4 127.0.0.1:49146 127.0.0.1:61001 8 3360450',
      // A listener twice is two listeners (SO_REUSEPORT), not one read twice.
      '4 127.0.0.1:61001 0.0.0.0:0 a 3360441',
      '4 192.168.0.10:54000 93.184.216.34:443 8 4294967295',
    ]);
  });
});
