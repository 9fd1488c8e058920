import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { countCapture } from '../../../../src/main/engine/netstat/poller';
import { decodeTable } from '../../../../src/main/engine/netstat/decode';
import { fixture, half } from './fixtures';

const windowsRange = { start: 49152, end: 65535, count: 16384 };

describe('Windows netstat, German, CP850 with CRLF', () => {
  const bytes = fixture('windows-de-cp850-crlf.txt');

  it('is the OEM bytes netstat writes: Ö as 0x99 and CRLF line ends', () => {
    expect(bytes.includes(Buffer.from([0x41, 0x42, 0x48, 0x99, 0x52, 0x45, 0x4e]))).toBe(true);
    expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
  });

  it('counts each half by canonical state, translated names mapped and unknown ones as OTHER', () => {
    const counts = countCapture(bytes, 'windows', 40000);
    expect(counts.server).toEqual(
      half({ TIME_WAIT: 2, ESTABLISHED: 1, CLOSE_WAIT: 1, FIN_WAIT_1: 1, LAST_ACK: 1 }),
    );
    expect(counts.client).toEqual(
      half({ TIME_WAIT: 1, ESTABLISHED: 1, SYN_SENT: 1, FIN_WAIT_2: 1, CLOSING: 1, OTHER: 1 }),
    );
    expect(counts.source).toContain('Windows');
  });

  it('matches whole ports only: 4000, 40001 and 400 are other ports than 40000', () => {
    expect(countCapture(bytes, 'windows', 4000).server).toEqual(half({ ESTABLISHED: 1 }));
    expect(countCapture(bytes, 'windows', 4000).client.total).toBe(0);
    expect(countCapture(bytes, 'windows', 40001).client).toEqual(half({ TIME_WAIT: 1 }));
    expect(countCapture(bytes, 'windows', 400).client).toEqual(half({ TIME_WAIT: 1 }));
    expect(countCapture(bytes, 'windows', 400).server.total).toBe(0);
  });

  it('decodes state names from the code page, not as UTF-8', () => {
    const { text, stateName } = decodeTable(bytes);
    const token = /ABH.REN/.exec(text)![0];
    expect(stateName(token)).toBe('ABHÖREN');
  });

  it('reads the same table when the console is on UTF-8 (code page 65001)', () => {
    const text = iconv.decode(bytes, 'cp850');
    const counts = countCapture(Buffer.from(text, 'utf8'), 'windows', 40000);
    expect(counts.server).toEqual(countCapture(bytes, 'windows', 40000).server);
    expect(countCapture(text, 'windows', 40000).client).toEqual(countCapture(bytes, 'windows', 40000).client);
  });

  it('counts local ports held inside the ephemeral range, each port once', () => {
    const counts = countCapture(bytes, 'windows', 40000, { ephemeralRange: windowsRange });
    // Local ports 50125-50129, 50131 and 50133-50135; 40000 and the listeners' ports lie outside.
    expect(counts.ephemeralHeld).toBe(9);
    expect(counts.ephemeralSize).toBe(16384);
  });
});

describe('Windows netstat, IPv6 table (-p TCPv6)', () => {
  it('reads bracketed addresses, with and without a zone', () => {
    const counts = countCapture(fixture('windows-de-tcpv6-cp850-crlf.txt'), 'windows', 40000);
    expect(counts.server).toEqual(half({ TIME_WAIT: 1, ESTABLISHED: 1 }));
    expect(counts.client).toEqual(half({ TIME_WAIT: 1, ESTABLISHED: 1 }));
  });
});

describe('Windows netstat -ano, English', () => {
  const expected = {
    server: half({ TIME_WAIT: 2, ESTABLISHED: 1, CLOSE_WAIT: 1 }),
    client: half({ TIME_WAIT: 2, ESTABLISHED: 1, SYN_SENT: 1, FIN_WAIT_2: 1, OTHER: 1 }),
  };

  it('drops the PID column and skips UDP rows', () => {
    const counts = countCapture(fixture('windows-en-ano.txt'), 'windows', 40000);
    expect({ server: counts.server, client: counts.client }).toEqual(expected);
  });

  it('reads a capture saved by PowerShell as UTF-16LE', () => {
    const counts = countCapture(fixture('windows-en-ano-utf16le.txt'), 'windows', 40000, {
      ephemeralRange: windowsRange,
    });
    expect({ server: counts.server, client: counts.client }).toEqual(expected);
    expect(counts.ephemeralHeld).toBe(7);
  });
});

describe('Windows netstat saved as UTF-16LE without a byte-order mark', () => {
  it('is recognised by its zero bytes', () => {
    const bytes = fixture('windows-en-ano-utf16le.txt').subarray(2);
    expect(countCapture(bytes, 'windows', 40000).client.total).toBe(6);
  });
});

describe('unusable Windows text', () => {
  it('says so instead of counting zero', () => {
    expect(() => countCapture('hello\r\nworld\r\n', 'windows', 40000)).toThrow(
      /not Windows "netstat -an" output/,
    );
    expect(() => countCapture(fixture('linux-proc-tcp.txt'), 'windows', 40000)).toThrow(/no connection rows/);
    expect(() => countCapture(Buffer.alloc(0), 'windows', 40000)).toThrow(/no connection rows/);
  });

  it('rejects a port outside 1-65535', () => {
    expect(() => countCapture(fixture('windows-en-ano.txt'), 'windows', 70000)).toThrow(/1 to 65535/);
  });
});
