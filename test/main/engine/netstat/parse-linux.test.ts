import { describe, expect, it } from 'vitest';
import { PortSet, TableCounter } from '../../../../src/main/engine/netstat/count';
import { parseLinuxProc } from '../../../../src/main/engine/netstat/parse-linux-proc';
import { countCapture } from '../../../../src/main/engine/netstat/poller';
import { fixture, half } from './fixtures';

const linuxRange = { start: 32768, end: 60999, count: 28232 };

describe('/proc/net/tcp', () => {
  const tcp = fixture('linux-proc-tcp.txt');

  it('counts each half by state from the hex columns; listeners and broken rows do not count', () => {
    const counts = countCapture(tcp, 'linux-proc', 40000);
    expect(counts.server).toEqual(
      half({ TIME_WAIT: 1, ESTABLISHED: 2, CLOSE_WAIT: 1, LAST_ACK: 1, OTHER: 1 }),
    );
    expect(counts.client).toEqual(
      half({ TIME_WAIT: 1, ESTABLISHED: 1, SYN_SENT: 1, FIN_WAIT_2: 1, CLOSING: 1 }),
    );
  });

  it('reports the garbage lines it skipped and the rows it read', () => {
    const report = parseLinuxProc(tcp, new TableCounter(40000));
    expect(report).toEqual({ rows: 15, skipped: 4, header: true });
  });

  it('matches whole ports: 4000 (0FA0), 40001 (9C41) and 400 (0190)', () => {
    expect(countCapture(tcp, 'linux-proc', 4000).server).toEqual(half({ TIME_WAIT: 1 }));
    expect(countCapture(tcp, 'linux-proc', 40001).client).toEqual(half({ TIME_WAIT: 1 }));
    expect(countCapture(tcp, 'linux-proc', 400).server).toEqual(half({ ESTABLISHED: 1 }));
  });

  it('counts each held ephemeral port once', () => {
    // 40000 (seven rows) and 50124, 50125, 50126, 50127, 50128, 50130.
    expect(countCapture(tcp, 'linux-proc', 40000, { ephemeralRange: linuxRange }).ephemeralHeld).toBe(7);
  });

  it('reads text as well as bytes', () => {
    expect(countCapture(tcp.toString('latin1'), 'linux-proc', 40000)).toMatchObject({
      server: { total: 6 },
      client: { total: 5 },
    });
  });
});

describe('/proc/net/tcp6', () => {
  const tcp6 = fixture('linux-proc-tcp6.txt');

  it('reads 32-digit addresses, IPv4-mapped ones included', () => {
    const counts = countCapture(tcp6, 'linux-proc', 40000);
    expect(counts.server).toEqual(half({ TIME_WAIT: 1, ESTABLISHED: 1 }));
    expect(counts.client).toEqual(half({ TIME_WAIT: 1 }));
  });

  it("keeps the port's halves to one family while both count towards the ephemeral ports", () => {
    const counter = new TableCounter(40000, linuxRange, 4);
    parseLinuxProc(fixture('linux-proc-tcp.txt'), counter);
    parseLinuxProc(tcp6, counter);
    const counts = counter.result(0, 'test');
    expect(counts.server.total).toBe(6);
    expect(counts.client.total).toBe(5);
    // The IPv4 table's seven, plus 54322 and 40001 from the IPv6 one.
    expect(counts.ephemeralHeld).toBe(9);
  });

  it('gives the same ports held when the other table comes as a set read a moment earlier', () => {
    const other = new PortSet();
    parseLinuxProc(tcp6, other);
    const counter = new TableCounter(40000, linuxRange, 4);
    parseLinuxProc(fixture('linux-proc-tcp.txt'), counter);
    counter.addHeldPorts(other.ports);
    expect(counter.result(0, 'test')).toMatchObject({
      ephemeralHeld: 9,
      server: { total: 6 },
      client: { total: 5 },
    });
  });

  it('reads both files captured one after the other', () => {
    const both = Buffer.concat([fixture('linux-proc-tcp.txt'), tcp6]);
    expect(countCapture(both, 'linux-proc', 40000)).toMatchObject({
      server: { total: 8 },
      client: { total: 6 },
    });
  });
});

describe('ss -tan', () => {
  const ss = fixture('linux-ss.txt');

  it('maps hyphenated states and reads bracketed IPv6 and IPv4-mapped addresses', () => {
    const counts = countCapture(ss, 'linux-ss', 40000);
    expect(counts.server).toEqual(
      half({ TIME_WAIT: 1, ESTABLISHED: 2, SYN_RECEIVED: 1, FIN_WAIT_1: 1, CLOSE_WAIT: 1, LAST_ACK: 1 }),
    );
    expect(counts.client).toEqual(
      half({ TIME_WAIT: 2, ESTABLISHED: 2, SYN_SENT: 1, FIN_WAIT_2: 1, CLOSING: 1 }),
    );
  });

  it('matches whole ports, a zoned address and a process column included', () => {
    expect(countCapture(ss, 'linux-ss', 4000).server).toEqual(half({ TIME_WAIT: 1 }));
    expect(countCapture(ss, 'linux-ss', 40001).client).toEqual(half({ TIME_WAIT: 1 }));
    expect(countCapture(ss, 'linux-ss', 400).client).toEqual(half({ ESTABLISHED: 1 }));
  });

  it('reads the Netid column ss adds when it lists more than TCP', () => {
    const text =
      'Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\n' +
      'udp UNCONN 0 0 0.0.0.0:5353 0.0.0.0:*\n' +
      'tcp TIME-WAIT 0 0 127.0.0.1:51000 127.0.0.1:40000\n';
    expect(countCapture(text, 'linux-ss', 40000).client).toEqual(half({ TIME_WAIT: 1 }));
  });

  it('refuses text that is not ss output', () => {
    expect(() => countCapture(fixture('windows-en-ano.txt'), 'linux-ss', 40000)).toThrow(
      /not Linux "ss -tan" output/,
    );
    expect(() => countCapture('random words\nand more words\n', 'linux-proc', 40000)).toThrow(
      /not Linux \/proc\/net\/tcp output/,
    );
  });
});
