import { describe, expect, it } from 'vitest';
import { countCapture } from '../../../../src/main/engine/netstat/poller';
import { fixture, half } from './fixtures';

describe('macOS netstat -an -p tcp', () => {
  const macos = fixture('macos.txt');

  it('reads the port after the last dot, IPv6 and zoned addresses included; listeners excluded', () => {
    const counts = countCapture(macos, 'macos', 40000);
    expect(counts.server).toEqual(
      half({ TIME_WAIT: 1, ESTABLISHED: 2, SYN_RECEIVED: 1, CLOSE_WAIT: 1, OTHER: 1 }),
    );
    expect(counts.client).toEqual(half({ TIME_WAIT: 3, ESTABLISHED: 1, SYN_SENT: 2, FIN_WAIT_2: 1 }));
  });

  it('matches whole ports: 4000 and 40001 are not 40000, and 400001 is no port', () => {
    expect(countCapture(macos, 'macos', 4000).server).toEqual(half({ ESTABLISHED: 1 }));
    expect(countCapture(macos, 'macos', 40001).client).toEqual(half({ ESTABLISHED: 1 }));
    expect(countCapture(macos, 'macos', 52352).client.total).toBe(0);
  });

  it('accepts old carriage-return line ends', () => {
    const text = macos.toString('latin1').replace(/\n/g, '\r');
    expect(countCapture(text, 'macos', 40000).client.total).toBe(7);
  });

  it('refuses text that is not macOS netstat output', () => {
    expect(() => countCapture(fixture('linux-proc-tcp.txt'), 'macos', 40000)).toThrow(/not macOS/);
  });
});
