import { describe, expect, it } from 'vitest';
import { WatchModel, type WatchMachine } from '../../../src/main/watch/model';
import { LEAK_CLOSE_WAIT } from '../../../src/shared/watch';
import { info, loopback, poll, type Row } from './rows';

const LINUX: WatchMachine = {
  platform: 'linux',
  ephemeralRange: { start: 32768, end: 60999, count: 28232 },
  excludedRanges: [],
  timeWaitSeconds: 60,
};

const listener = (endpoint: string, pid: number | null = 10): Row => ({
  local: endpoint,
  remote: endpoint.startsWith('[') ? '[::]:0' : '0.0.0.0:0',
  state: 'LISTEN',
  pid,
});

describe('WatchModel destinations', () => {
  it('counts a loopback connection once, by its client half, and leaves inbound ones out', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    const rows = [
      listener('0.0.0.0:5432'),
      ...loopback(40001, 5432, 'ESTABLISHED', [20, 10]),
      ...loopback(40002, 5432, 'ESTABLISHED', [20, 10]),
      // Someone else's machine connected to our listener: inbound, not a destination of ours.
      { local: '10.0.0.5:5432', remote: '10.0.0.9:51000', state: 'ESTABLISHED', pid: 10 } as Row,
    ];
    const p = poll(model, rows, 1000);
    expect(p.destinations.map((d) => [d.endpoint, d.total, d.held])).toEqual([['127.0.0.1:5432', 2, 2]]);
    expect(p.machine.connections).toBe(5);
    expect(p.machine.destinations).toBe(1);
    expect(p.destinations[0]!.family).toBe(4);
  });

  it('tells the server half by the listener on its own address as well as a wildcard one', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    const p = poll(model, [listener('127.0.0.1:45000'), ...loopback(40001, 45000)], 1000);
    expect(p.destinations.map((d) => d.endpoint)).toEqual(['127.0.0.1:45000']);
  });

  it('writes IPv6 endpoints in brackets', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    const p = poll(
      model,
      [
        listener('[::]:5432'),
        { local: '[::1]:40001', remote: '[::1]:5432', state: 'ESTABLISHED' },
        { local: '[::1]:5432', remote: '[::1]:40001', state: 'ESTABLISHED' },
      ],
      1000,
    );
    expect(p.destinations.map((d) => [d.endpoint, d.address, d.port, d.family])).toEqual([
      ['[::1]:5432', '::1', 5432, 6],
    ]);
  });

  it('still leaves out a stopped server’s connections: a port listened on a moment ago, or outside the range', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    poll(model, [listener('0.0.0.0:45000'), ...loopback(40001, 45000)], 1000);
    // The listener closed; its half stays in CLOSE_WAIT, the client's in FIN_WAIT_2.
    const p = poll(
      model,
      [
        { local: '127.0.0.1:40001', remote: '127.0.0.1:45000', state: 'FIN_WAIT_2' },
        { local: '127.0.0.1:45000', remote: '127.0.0.1:40001', state: 'CLOSE_WAIT' },
        // A server on 8080 that stopped before the watch started: its port is outside the range.
        { local: '127.0.0.1:8080', remote: '127.0.0.1:40500', state: 'TIME_WAIT' },
      ],
      2000,
    );
    expect(p.destinations.map((d) => [d.endpoint, d.total])).toEqual([['127.0.0.1:45000', 1]]);
  });

  it('counts held ports against the usable range: the range minus excluded ports, overlaps once', () => {
    const machine: WatchMachine = {
      platform: 'win32',
      ephemeralRange: { start: 49152, end: 65535, count: 16384 },
      excludedRanges: [
        { start: 50000, end: 50099, count: 100 },
        { start: 50050, end: 50149, count: 100 },
        { start: 1000, end: 1100, count: 101 },
        { start: 65500, end: 65600, count: 101 },
      ],
      timeWaitSeconds: 240,
    };
    const model = new WatchModel(machine, { startedMs: 0 });
    const rows: Row[] = [];
    for (let port = 49152; port < 49152 + 100; port++)
      rows.push({ local: `10.0.0.2:${port}`, remote: '10.0.0.9:443', state: 'TIME_WAIT' });
    // The same local port toward the same destination from a second local address holds it once.
    rows.push({ local: '10.0.0.3:49152', remote: '10.0.0.9:443', state: 'ESTABLISHED', pid: 7 });
    const p = poll(model, rows, 1000);
    const capacity = 16384 - 150 - 36;
    expect(p.machine.usablePorts).toBe(capacity);
    expect(p.destinations[0]).toMatchObject({ endpoint: '10.0.0.9:443', total: 101, held: 100, capacity });
    expect(p.destinations[0]!.share).toBeCloseTo(100 / capacity, 6);
    expect(p.machine.ephemeralHeld).toBe(100);
  });

  it('measures new connections a second over the last polls, from the ports not held before', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    const rowsAt = (from: number, to: number): Row[] => {
      const rows: Row[] = [listener('0.0.0.0:5432')];
      for (let port = from; port < to; port++) rows.push(...loopback(port, 5432, 'TIME_WAIT'));
      return rows;
    };
    const first = poll(model, rowsAt(40000, 40010), 0);
    expect(first.destinations[0]!.forecast.kind).toBe('unknown');
    // 20 new ports a second, each poll one second apart; old ones stay (TIME_WAIT).
    let p = first;
    for (let s = 1; s <= 5; s++) p = poll(model, rowsAt(40000, 40010 + 20 * s), s * 1000);
    expect(p.destinations[0]!.newPerSecond).toBe(20);
    expect(p.destinations[0]!.held).toBe(110);
    // Half a second later, 30 more: 130 over 6.5 s.
    p = poll(model, rowsAt(40000, 40140), 5500);
    expect(p.destinations[0]!.newPerSecond).toBeCloseTo(130 / 5.5, 2);
    // Ports that left and others that came: only the new ones count.
    p = poll(model, rowsAt(40100, 40150), 6500);
    expect(p.destinations[0]!.newPerSecond).toBeCloseTo(140 / 6.5, 2);
    // Nothing new for more than ten seconds: idle.
    for (let s = 8; s <= 20; s++) p = poll(model, rowsAt(40100, 40150), s * 1000);
    expect(p.destinations[0]!.newPerSecond).toBe(0);
    expect(p.destinations[0]!.forecast.kind).toBe('idle');
  });

  it('forecasts from the ports entering TIME_WAIT: a destination that closes first gives its ports back', () => {
    const machine: WatchMachine = { ...LINUX, ephemeralRange: { start: 40000, end: 40399, count: 400 } };
    const model = new WatchModel(machine, { startedMs: 0 });
    // Each second 20 new connections to each: toward :7001 this side closes first (TIME_WAIT, kept
    // 60 s); toward :7002 the server closes first, so they are gone a moment later.
    let p = poll(model, [listener('0.0.0.0:7001'), listener('0.0.0.0:7002')], 0);
    for (let s = 1; s <= 5; s++) {
      const rows: Row[] = [listener('0.0.0.0:7001'), listener('0.0.0.0:7002')];
      for (let i = 0; i < 20 * s; i++)
        rows.push({ local: `127.0.0.1:${40000 + i}`, remote: '127.0.0.1:7001', state: 'TIME_WAIT' });
      for (let i = 0; i < 3; i++)
        rows.push({
          local: `127.0.0.1:${40200 + ((20 * s + i) % 200)}`,
          remote: '127.0.0.1:7002',
          state: 'ESTABLISHED',
        });
      p = poll(model, rows, s * 1000);
    }
    const clientFirst = p.destinations.find((d) => d.endpoint === '127.0.0.1:7001')!;
    expect(clientFirst).toMatchObject({ newPerSecond: 20, newTimeWaitPerSecond: 20, held: 100 });
    expect(clientFirst.forecast).toMatchObject({ kind: 'filling', secondsToFull: 15 });
    const serverFirst = p.destinations.find((d) => d.endpoint === '127.0.0.1:7002')!;
    expect(serverFirst).toMatchObject({ newTimeWaitPerSecond: 0, held: 3 });
    expect(serverFirst.newPerSecond).toBeGreaterThan(2);
    expect(serverFirst.forecast.kind).toBe('steady');
    expect(serverFirst.forecast.text).toContain('closed by the other side first');
  });

  it('counts a destination that appears after the first poll as all new', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    poll(model, [listener('0.0.0.0:5432')], 0);
    const rows: Row[] = [listener('0.0.0.0:5432')];
    for (let port = 40000; port < 40030; port++) rows.push(...loopback(port, 5432));
    const p = poll(model, rows, 2000);
    expect(p.destinations[0]!.newPerSecond).toBe(15);
  });

  it('sorts destinations by held ports, then connections, and the limit cuts the lists, never the totals', () => {
    const model = new WatchModel(LINUX, { limit: 3, startedMs: 0 });
    const rows: Row[] = [];
    let port = 40000;
    for (let d = 1; d <= 8; d++) {
      for (let i = 0; i < d; i++)
        rows.push({
          local: `10.0.0.2:${port++}`,
          remote: `10.0.1.${d}:80`,
          state: 'ESTABLISHED',
          pid: 100 + d,
        });
    }
    // Two connections from one local port to 10.0.1.2: held stays 2 but it has 3 connections.
    rows.push({ local: `10.0.0.3:${port - 30}`, remote: '10.0.1.2:80', state: 'ESTABLISHED', pid: 102 });
    const p = poll(model, rows, 1000);
    expect(p.destinations.map((d) => d.endpoint)).toEqual(['10.0.1.8:80', '10.0.1.7:80', '10.0.1.6:80']);
    expect(p.programs.map((x) => x.pid)).toEqual([108, 107, 106]);
    expect(p.machine).toMatchObject({ connections: 37, destinations: 8, programs: 8 });
    expect(p.machine.byState.ESTABLISHED).toBe(37);
  });

  it('counts a row the reader gave twice once: /proc repeats rows when the table changes between reads', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    const leak = (port: number): Row => ({
      local: `127.0.0.1:${port}`,
      remote: '127.0.0.1:47004',
      state: 'CLOSE_WAIT',
      pid: 5,
    });
    const rows: Row[] = [listener('0.0.0.0:47004', 6), leak(40000), leak(40001), leak(40000)];
    // Same two ports, other addresses: a different connection, not a repeat.
    rows.push({ local: '10.0.0.2:40000', remote: '10.0.0.9:47004', state: 'CLOSE_WAIT', pid: 5 });
    rows.push(leak(40001));
    const p = poll(model, rows, 1000);
    expect(p.destinations.map((d) => [d.endpoint, d.total, d.held])).toEqual([
      ['127.0.0.1:47004', 2, 2],
      ['10.0.0.9:47004', 1, 1],
    ]);
    expect(p.machine.connections).toBe(3);
    expect(p.machine.byState.CLOSE_WAIT).toBe(3);
    expect(p.programs).toEqual([expect.objectContaining({ pid: 5, total: 3 })]);
  });

  it('has no capacity and no forecast where the range is unknown, and passes on why owners are missing', () => {
    const model = new WatchModel({ ...LINUX, platform: 'darwin', ephemeralRange: null }, { startedMs: 0 });
    const p = poll(
      model,
      [
        listener('[::ffff:127.0.0.1]:8080'),
        ...loopback(50000, 8080),
        { local: '[::ffff:127.0.0.1]:8080', remote: '[::ffff:127.0.0.1]:50001', state: 'ESTABLISHED' },
      ],
      1000,
      { ...info(), ownersAvailable: false, ownersNote: 'Owners are not available on this system.' },
    );
    // The IPv4-mapped listener is the same address as 127.0.0.1: both server halves are inbound.
    expect(p.destinations.map((d) => [d.endpoint, d.held, d.capacity, d.share, d.forecast.kind])).toEqual([
      ['127.0.0.1:8080', 1, null, null, 'unknown'],
    ]);
    expect(p.machine).toMatchObject({
      usablePorts: null,
      ephemeralHeld: null,
      ownersAvailable: false,
      ownersNote: 'Owners are not available on this system.',
    });
  });

  it('on Windows, alerts when the whole computer passes 80% of its ports, however they spread', () => {
    const machine: WatchMachine = {
      platform: 'win32',
      ephemeralRange: { start: 49152, end: 49251, count: 100 },
      excludedRanges: [],
      timeWaitSeconds: 240,
    };
    const model = new WatchModel(machine, { startedMs: 0 });
    const rows: Row[] = [];
    for (let i = 0; i < 85; i++)
      rows.push({ local: `10.0.0.2:${49152 + i}`, remote: `10.0.1.${i % 5}:443`, state: 'TIME_WAIT' });
    const p = poll(model, rows, 1000);
    expect(p.destinations.every((d) => d.share! < 0.8)).toBe(true);
    expect(p.alerts).toEqual([expect.objectContaining({ kind: 'destination-filling', key: '10.0.1.0:443' })]);
    expect(p.alerts[0]!.text).toMatch(
      /^This computer holds 85 of its 100 ports \(85%\), the most toward 10\.0\.1\.0:443\./,
    );
  });

  it('gives a failed poll its sentence and empty lists', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    const p = model.failed('The connection table could not be read.', { pollMs: 3, nowMs: 2500 });
    expect(p).toMatchObject({
      error: 'The connection table could not be read.',
      destinations: [],
      programs: [],
      alerts: [],
      t: 2.5,
    });
    expect(p.machine.connections).toBe(0);
    expect(p.kind).toBe('socketclosetest-watch');
  });
});

describe('WatchModel programs', () => {
  const closeWaits = (pid: number, n: number): Row[] =>
    Array.from({ length: n }, (_, i) => ({
      local: `10.0.0.2:${41000 + i}`,
      remote: '10.0.0.9:80',
      state: 'CLOSE_WAIT' as const,
      pid,
    }));

  it('puts TIME_WAIT with no program, and names programs from the reader', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    const p = poll(
      model,
      [
        { local: '10.0.0.2:40000', remote: '10.0.0.9:80', state: 'TIME_WAIT', pid: 0 },
        { local: '10.0.0.2:40001', remote: '10.0.0.9:80', state: 'TIME_WAIT' },
        { local: '10.0.0.2:40002', remote: '10.0.0.9:80', state: 'ESTABLISHED', pid: 55 },
        { local: '10.0.0.2:40003', remote: '10.0.0.9:80', state: 'ESTABLISHED', pid: 56 },
      ],
      1000,
      info([
        [55, 'curl'],
        [56, null],
      ]),
    );
    expect(p.unowned.total).toBe(2);
    expect(p.unowned.byState.TIME_WAIT).toBe(2);
    expect(p.programs.map((x) => [x.pid, x.name, x.total])).toEqual([
      [55, 'curl', 1],
      [56, null, 1],
    ]);
    expect(p.machine.ownersNote).toBe('TIME_WAIT connections belong to no program.');
  });

  it(`flags a leak at ${LEAK_CLOSE_WAIT} CLOSE_WAIT at once, and raises an alert`, () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    const p = poll(
      model,
      [
        ...closeWaits(70, LEAK_CLOSE_WAIT),
        ...closeWaits(71, 3).map((r) => ({ ...r, local: r.local.replace('410', '420') })),
      ],
      1000,
      info([[70, 'leaky']]),
    );
    const leaky = p.programs.find((x) => x.pid === 70)!;
    expect(leaky.closeWaitLeak).toBe(true);
    expect(leaky.leakReason).toContain('100 connections');
    expect(p.programs.find((x) => x.pid === 71)!.closeWaitLeak).toBe(false);
    expect(p.alerts).toEqual([expect.objectContaining({ kind: 'close-wait-leak', key: '70' })]);
    expect(p.alerts[0]!.text).toMatch(/^leaky \(PID 70\)/);
  });

  it('flags a CLOSE_WAIT count that grows for more than a minute, and not one that falls', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    let p = poll(model, [], 0);
    for (let s = 0; s <= 61; s++) {
      // 80: one more every second. 81: grows too, but falls back at 30 s, so it started again then.
      const eightyOne = s < 30 ? s + 5 : s - 25;
      p = poll(
        model,
        [
          ...closeWaits(80, s + 1),
          ...closeWaits(81, eightyOne).map((r) => ({ ...r, local: r.local.replace('41', '43') })),
        ],
        s * 1000,
      );
      if (s === 59) expect(p.programs.find((x) => x.pid === 80)!.closeWaitLeak).toBe(false);
    }
    expect(p.programs.find((x) => x.pid === 80)).toMatchObject({ closeWaitLeak: true });
    expect(p.programs.find((x) => x.pid === 80)!.leakReason).toContain('from 1 to 62');
    expect(p.programs.find((x) => x.pid === 81)).toMatchObject({ closeWaitLeak: false, leakReason: null });
  });

  it('forgets programs that are gone', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    poll(model, closeWaits(90, 5), 0);
    expect(model.trackedState.programs).toBe(1);
    poll(model, closeWaits(91, 5), 1000);
    expect(model.trackedState.programs).toBe(1);
  });
});

describe('WatchModel ranking among many destinations', () => {
  it('still lists the busiest first when there are more destinations than it keeps state for', () => {
    const model = new WatchModel(LINUX, { limit: 4, startedMs: 0 });
    const rows: Row[] = [];
    let port = 32768;
    for (let i = 0; i < 6000; i++)
      rows.push({
        local: `10.0.0.2:${port++}`,
        remote: `10.1.${i >> 8}.${i & 255}:443`,
        state: 'ESTABLISHED',
      });
    // Last in the table: three busy ones, and one with the most connections among the single-port ones.
    for (const [host, n] of [
      ['10.9.0.1', 3],
      ['10.9.0.2', 5],
      ['10.9.0.3', 4],
    ] as const) {
      for (let i = 0; i < n; i++)
        rows.push({ local: `10.0.0.2:${port++}`, remote: `${host}:443`, state: 'ESTABLISHED' });
    }
    rows.push({ local: '10.0.0.3:38767', remote: '10.1.23.111:443', state: 'TIME_WAIT' });
    const p = poll(model, rows, 1000);
    expect(p.destinations.map((d) => [d.endpoint, d.held, d.total])).toEqual([
      ['10.9.0.2:443', 5, 5],
      ['10.9.0.3:443', 4, 4],
      ['10.9.0.1:443', 3, 3],
      ['10.1.23.111:443', 1, 2],
    ]);
    expect(p.machine.destinations).toBe(6003);
  });
});

describe('WatchModel memory', () => {
  it('keeps state for a bounded number of destinations however many it meets', () => {
    const model = new WatchModel(LINUX, { startedMs: 0 });
    // 20,000 distinct destinations a poll, different ones each time, over 12 polls.
    let p;
    for (let n = 0; n < 12; n++) {
      const rows: Row[] = [];
      for (let i = 0; i < 20000; i++) {
        const d = n * 20000 + i;
        rows.push({
          local: `10.0.0.2:${32768 + (i % 28000)}`,
          remote: `10.${(d >> 16) & 255}.${(d >> 8) & 255}.${d & 255}:443`,
          state: 'ESTABLISHED',
          pid: 1,
        });
      }
      p = poll(model, rows, n * 1000);
      expect(model.trackedState.destinations).toBeLessThanOrEqual(3 * 5000);
    }
    expect(p!.machine.destinations).toBe(20000);
    expect(p!.destinations).toHaveLength(50);
  }, 60_000);
});
