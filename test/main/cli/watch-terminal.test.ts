/** The block `watch` prints each poll, from hand-made polls. */
import { describe, expect, it } from 'vitest';
import {
  REDRAW,
  formatSeconds,
  percent,
  watchBlock,
  watchText,
  wrap,
} from '../../../src/main/cli/watch-terminal';
import { destination, poll, program, states } from './watch-poll-fixture';

const text = (lines: string[]): string => lines.join('\n');

describe('watch terminal block', () => {
  it('shows the time, the machine totals, the destination with its forecast, and the busiest program', () => {
    const lines = watchBlock(poll());
    expect(lines[0]).toBe('15:04:22  watching for 12 s, poll took 7 ms');
    const all = text(lines);
    expect(all).toContain('5,030 connections, 5,000 in TIME_WAIT (each held 240 s)');
    expect(all).toContain('ephemeral ports 49152-65535: 5,020 held of 16,384 usable (31%)');
    expect(all).toContain('  127.0.0.1:5432  5,012 of 16,384 ports (31%), 140 new/s');
    expect(all).toMatch(
      / {4}At 140 new connections a second and a 240 s TIME_WAIT, connects to\n {4}127\.0\.0\.1:5432 fail in about 1 minute\./,
    );
    expect(all).toContain('1 program holds connections; the most: node (PID 4242), 12.');
    expect(all).toContain('  5,000 belong to no program. TIME_WAIT connections belong to no program.');
  });

  it('keeps every line within 80 columns, however long the sentences', () => {
    const long = 'A sentence that goes on and on about ports, '.repeat(6);
    const p = poll({
      destinations: [
        destination({
          endpoint: '[2001:db8:ffff:ffff:ffff:ffff:ffff:1]:443',
          forecast: { ...destination().forecast, text: long },
        }),
      ],
      programs: [program({ closeWaitLeak: true, leakReason: long, byState: states({ CLOSE_WAIT: 150 }) })],
      alerts: [{ kind: 'destination-filling', key: 'x', text: long }],
    });
    for (const line of watchBlock(p)) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("names programs that leak, another user's program without a name, and the alerts", () => {
    const leaking = program({
      pid: 77,
      name: null,
      byState: states({ CLOSE_WAIT: 130 }),
      total: 130,
      closeWaitLeak: true,
      leakReason: 'It holds 130 CLOSE_WAIT sockets at once.',
    });
    const all = text(
      watchBlock(
        poll({
          programs: [program(), leaking],
          alerts: [
            {
              kind: 'close-wait-leak',
              key: '77',
              text: "Another user's program (PID 77) does not close sockets its peer closed.",
            },
          ],
        }),
      ),
    );
    expect(all).toContain('Programs that do not close sockets their peer closed (a likely leak):');
    expect(all).toContain(
      "  another user's program (PID 77): 130 in CLOSE_WAIT\n    It holds 130 CLOSE_WAIT sockets at once.",
    );
    expect(all).not.toContain('node (PID 4242): 12 in CLOSE_WAIT');
    expect(all).toContain("! Another user's program (PID 77) does not close sockets its peer closed.");
  });

  it('says when the table could not be read, and nothing else', () => {
    const lines = watchBlock(
      poll({
        error: "This computer's connections cannot be read: netstat could not be started.",
        destinations: [],
        programs: [],
      }),
    );
    expect(lines).toEqual([
      '15:04:22  watching for 12 s, poll took 7 ms',
      "  This computer's connections cannot be read: netstat could not be started.",
    ]);
  });

  it('says so when owners or the port range are not known, and when nothing connects anywhere', () => {
    const p = poll({ destinations: [], programs: [] });
    p.machine = {
      ...p.machine,
      ephemeralRange: null,
      usablePorts: null,
      ephemeralHeld: null,
      ownersAvailable: false,
      ownersNote: 'Owners are not available on this system.',
      destinations: 0,
      programs: 0,
    };
    const all = text(watchBlock(p));
    expect(all).toContain('ephemeral port range: not known on this system');
    expect(all).toContain('No connections from this computer to anywhere.');
    expect(all).toContain('Owners are not available on this system.');
    expect(all).not.toContain('connections; the most');
  });

  it("shows Windows' port-exhaustion events of the last day", () => {
    const p = poll();
    p.machine.exhaustionEvents = {
      available: true,
      source: 'wevtutil',
      note: null,
      events: [
        {
          id: 4227,
          time: '2026-12-03T14:00:00',
          message: 'TCP/IP failed to establish an outgoing connection',
        },
        { id: 4231, time: '2026-12-03T13:00:00', message: 'A request to allocate an ephemeral port number' },
      ],
    };
    expect(text(watchBlock(p))).toContain(
      'Windows logged 2 port-exhaustion events (TCP/IP 4227, 4231) in the last 24\nhours, the newest at 2026-12-03T14:00:00.',
    );
  });

  it('lists the busiest five destinations, and says how many there are', () => {
    const many = Array.from({ length: 8 }, (_, i) => destination({ endpoint: `10.0.0.${i}:80` }));
    const p = poll({ destinations: many });
    p.machine.destinations = 120;
    const all = text(watchBlock(p));
    expect(all).toContain('Destinations, the busiest 5 of 120: ports held, new connections a second');
    expect(all).toContain('10.0.0.4:80');
    expect(all).not.toContain('10.0.0.5:80');
  });

  it('redraws in place only when asked (a terminal), and plain lines have no escape codes', () => {
    expect(watchText(poll(), { redraw: true }).startsWith(REDRAW)).toBe(true);
    const plain = watchText(poll());
    expect(plain).not.toContain('\x1b');
    expect(plain.endsWith('\n')).toBe(true);
  });

  it('words its figures for a person', () => {
    expect(percent(0.0001)).toBe('<1%');
    expect(percent(0)).toBe('0%');
    expect(percent(0.999)).toBe('100%');
    expect(formatSeconds(45.9)).toBe('45 s');
    expect(formatSeconds(125)).toBe('2 min 05 s');
    expect(formatSeconds(3780)).toBe('1 h 03 min');
    expect(wrap('one two three', 9, '  ', '    ')).toEqual(['  one two', '    three']);
  });
});
