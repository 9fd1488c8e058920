/**
 * The watch against real load, in network and PID namespaces of its own with 400 ephemeral ports
 * and no TIME_WAIT reuse. A server listens on four ports; two clients close first at different
 * rates (their ports pile up in TIME_WAIT until connects fail), one lets the server close first
 * (its ports come back at once), and a leaker never closes what the server closed (CLOSE_WAIT).
 * The built command line's `watch --json -` runs in there too; after each poll it writes, `ss`
 * reads the same table, and the two must agree. The forecasts are held against the moment the
 * clients' connects actually failed, as the clients report it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { TcpState } from '../../../src/shared/types';
import type { DestinationStat, WatchPoll } from '../../../src/shared/watch';
import { PortNamespace, WatchLoad, type LoadRole } from '../../helpers/watch-load';

const RANGE = { first: 40000, last: 40399 };
const CAPACITY = RANGE.last - RANGE.first + 1;
/** Absolute: a process entering the namespace's mounts starts in its root directory. */
const CLI = resolve('out/cli/index.js');
/** Enough for the slow client to fill (about 41 s) on a busy machine, inside TIME_WAIT's 60 s. */
const LOAD_LIMIT_MS = 55_000;
/** The watch's first poll also reads the machine's facts and starts its thread: a busy machine is slow. */
const FIRST_POLL_MS = 20_000;

type Client = Exclude<LoadRole, 'server'>;
const CLIENTS: Client[] = ['fast', 'slow', 'serverFirst', 'leaker'];

/** ss's state names in the canonical ones the watch uses. */
const SS_STATES: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECEIVED',
  'FIN-WAIT-1': 'FIN_WAIT_1',
  'FIN-WAIT-2': 'FIN_WAIT_2',
  'TIME-WAIT': 'TIME_WAIT',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST_ACK',
};

type Counts = Record<string, number>;

interface SsDestination {
  total: number;
  byState: Counts;
  /** Distinct local ports. */
  held: number;
}

interface SsTable {
  /** Client-side rows by destination endpoint ("127.0.0.1:47001", "[::1]:47002"). */
  destinations: Map<string, SsDestination>;
  /** Every connection by state. */
  byState: Counts;
}

function add(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The rows of `ss -tan` or `ss -tanp`, read the plain way (the test's own reading, not the product's). */
function* ssRows(text: string): Generator<{ state: string; local: string; peer: string; pids: number[] }> {
  for (const line of text.split('\n').slice(1)) {
    const [ssState, , , local, peer, ...rest] = line.trim().split(/\s+/);
    const state = ssState && SS_STATES[ssState];
    if (!state || !local || !peer) continue;
    const pids = new Set([...rest.join(' ').matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])));
    yield { state, local, peer, pids: [...pids] };
  }
}

function parseSs(text: string, endpoints: readonly string[]): SsTable {
  const table: SsTable = { destinations: new Map(), byState: {} };
  const ports = new Map<string, Set<string>>();
  for (const endpoint of endpoints) {
    table.destinations.set(endpoint, { total: 0, byState: {}, held: 0 });
    ports.set(endpoint, new Set());
  }
  for (const { state, local, peer } of ssRows(text)) {
    add(table.byState, state);
    const destination = table.destinations.get(peer);
    if (!destination) continue;
    destination.total++;
    add(destination.byState, state);
    ports.get(peer)!.add(local);
  }
  for (const [endpoint, set] of ports) table.destinations.get(endpoint)!.held = set.size;
  return table;
}

/** Connections by owner pid and state; and the owners of each destination's client rows. */
function parseSsOwners(text: string, endpoints: readonly string[]): SsOwners {
  const owners: SsOwners = { byPid: new Map(), ofDestination: new Map() };
  for (const endpoint of endpoints) owners.ofDestination.set(endpoint, new Set());
  for (const { state, peer, pids } of ssRows(text))
    for (const pid of pids) {
      if (!owners.byPid.has(pid)) owners.byPid.set(pid, {});
      add(owners.byPid.get(pid)!, state);
      owners.ofDestination.get(peer)?.add(pid);
    }
  return owners;
}

interface SsOwners {
  byPid: Map<number, Counts>;
  ofDestination: Map<string, Set<number>>;
}

interface Sample {
  poll: WatchPoll;
  /** When the poll read the table (its time), and when ss read it right after. */
  pollMs: number;
  ssMs: number;
  ss: SsTable;
  owners: SsOwners;
}

/** How far a is from b, as a share of b. */
function deviation(a: number, b: number): number {
  return b === 0 ? (a === 0 ? 0 : 1) : Math.abs(a - b) / b;
}

const namespaceReason = PortNamespace.problem({ pids: true });

if (namespaceReason) {
  describe('watch in a network namespace', () => {
    it(`not run: ${namespaceReason}`, () => {
      console.warn(`The watch's namespace test was not run: ${namespaceReason}.`);
      expect(namespaceReason).toBeTruthy();
    });
  });
} else {
  describe(`watch in a network namespace with ${CAPACITY} ephemeral ports and no TIME_WAIT reuse (Linux)`, () => {
    it('counts like ss, names the load programs as owners, flags the leak and forecasts when connects fail', async () => {
      // Its own PIDs too: the watch looks for owners among the load programs, not a busy machine's.
      const ns = await PortNamespace.create(RANGE, { pids: true });
      // Rates that fill the 400 ports in about 26 s and 41 s, inside TIME_WAIT's 60 s, and leave
      // several polls between 30% and 60% full even when a busy machine spaces the polls out.
      const load = new WatchLoad({ namespace: ns, fastRate: 16, slowRate: 10 });
      const endpoints = CLIENTS.map((role) => load.endpoint(role));
      const samples: Sample[] = [];
      let watch: ChildProcess | null = null;
      let lines: LineReader | null = null;
      try {
        const [command, args] = ns.wrap(process.execPath, [CLI, 'watch', '--interval', '0.5', '--json', '-']);
        watch = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        lines = new LineReader(watch);
        // The watch first, so it sees every destination fill from nothing.
        const first = await lines.next(FIRST_POLL_MS);
        expect(first, `the watch wrote no poll: ${lines.errors}`).not.toBeNull();
        await load.start();
        const started = Date.now();
        const fullAt = new Map<Client, number>();
        for (let line = await lines.next(); line !== null; line = await lines.next()) {
          // ss reads the table right after the poll did, so both see (nearly) the same moment.
          // Owners (-p) take a scan of every process's files: read after the counts, not between.
          const ssText = ns.run('ss', ['-tan']);
          const ssMs = Date.now();
          const ownersText = ns.run('ss', ['-tanp']);
          const poll = JSON.parse(line) as WatchPoll;
          const pollMs = Number.isNaN(Date.parse(poll.time)) ? ssMs : Date.parse(poll.time);
          const ss = parseSs(ssText, endpoints);
          samples.push({ poll, pollMs, ssMs, ss, owners: parseSsOwners(ownersText, endpoints) });
          for (const role of ['fast', 'slow'] as const)
            if (load.program(role).firstError && !fullAt.has(role)) fullAt.set(role, samples.length);
          // Two more polls once both are full, so the watch sees them full; and the leaker
          // flagged, since a busy machine can make the watch find new sockets' owners late.
          const leakerPid = load.pid('leaker');
          const flagged = poll.programs.some((p) => p.pid === leakerPid && p.closeWaitLeak);
          const done = flagged && fullAt.size === 2 && samples.length >= Math.max(...fullAt.values()) + 3;
          if (done || Date.now() - started > LOAD_LIMIT_MS) break;
        }
      } finally {
        watch?.kill('SIGTERM');
        await load.stop();
        await ns.close();
      }
      report(load, samples);
      check(load, samples, lines?.errors ?? '');
    }, 120_000);
  });
}

/** The watch's output line by line, each waited for with a time limit; null once it ended. */
class LineReader {
  private readonly queue: string[] = [];
  private waiter: (() => void) | null = null;
  private ended = false;
  errors = '';

  constructor(child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.queue.push(line);
      this.waiter?.();
    });
    child.stderr!.on(
      'data',
      (chunk: Buffer) => (this.errors = (this.errors + chunk.toString()).slice(-4000)),
    );
    child.once('exit', () => {
      this.ended = true;
      this.waiter?.();
    });
  }

  async next(timeoutMs = 20_000): Promise<string | null> {
    if (this.queue.length === 0 && !this.ended)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    this.waiter = null;
    return this.queue.shift() ?? null;
  }
}

function destinationOf(poll: WatchPoll, endpoint: string): DestinationStat | undefined {
  return poll.destinations.find((d) => d.endpoint === endpoint);
}

/** Counts this small are left out of the 5%: one connection is already 1% of 100. */
const COMPARED_FROM = 100;

interface Agreement {
  /** Counts compared (a destination's total, held ports or one state's count in one poll). */
  compared: number;
  /** The largest difference from ss's reading right after the poll, as a share of it. */
  worstAfter: number;
  /**
   * The largest difference from the range between ss's readings right before and right after
   * the poll (the one after the previous poll, and the one after this poll), as a share of the
   * nearer end: the load goes on between the reads, and a filling destination gains a connection
   * every 40 ms, so at the poll's moment the true count lies between the two.
   */
  worst: number;
  where: string;
  whereAfter: string;
}

/** The watch's per-destination counts against ss's at the same moment. */
function agreement(load: WatchLoad, samples: Sample[]): Agreement {
  const result: Agreement = { compared: 0, worstAfter: 0, worst: 0, where: '', whereAfter: '' };
  for (const [i, { poll, ss }] of samples.entries()) {
    const before = samples[i - 1]?.ss ?? ss;
    for (const role of CLIENTS) {
      const endpoint = load.endpoint(role);
      const seen = ss.destinations.get(endpoint)!;
      const seenBefore = before.destinations.get(endpoint)!;
      const watched = destinationOf(poll, endpoint);
      const pairs: [string, number, number, number][] = [
        ['total', watched?.total ?? 0, seenBefore.total, seen.total],
        ['held', watched?.held ?? 0, seenBefore.held, seen.held],
      ];
      for (const [state, count] of Object.entries(seen.byState))
        pairs.push([state, watched?.byState[state as TcpState] ?? 0, seenBefore.byState[state] ?? 0, count]);
      for (const [what, count, atBefore, atAfter] of pairs) {
        if (atAfter < COMPARED_FROM) continue;
        result.compared++;
        if (deviation(count, atAfter) > result.worstAfter) {
          result.worstAfter = deviation(count, atAfter);
          result.whereAfter = `poll ${i} ${endpoint} ${what}: watch ${count}, ss ${atAfter}`;
        }
        const low = Math.min(atBefore, atAfter);
        const high = Math.max(atBefore, atAfter);
        const off = count < low ? deviation(count, low) : count > high ? deviation(count, high) : 0;
        if (off > result.worst)
          Object.assign(result, {
            worst: off,
            where: `poll ${i} ${endpoint} ${what}: watch ${count}, ss ${atBefore} before and ${atAfter} after`,
          });
      }
    }
  }
  return result;
}

interface ForecastCheck {
  poll: number;
  share: number;
  kind: string;
  /** Seconds to full the watch forecast, and the seconds from that poll to the first failed connect. */
  forecast: number | null;
  actual: number;
  text: string;
}

/**
 * The forecasts made while the destination was 30% to 60% full, each against the moment its
 * connects actually began to fail. Earlier, a few polls' rate says little; later, the time left
 * is too short for a margin to mean anything.
 */
function forecasts(load: WatchLoad, samples: Sample[], role: 'fast' | 'slow'): ForecastCheck[] {
  const failedMs = load.program(role).firstError?.timeMs;
  if (failedMs === undefined) return [];
  const checks: ForecastCheck[] = [];
  for (const [i, { poll, pollMs }] of samples.entries()) {
    const d = destinationOf(poll, load.endpoint(role));
    if (!d || d.share === null || d.share < 0.3 || d.share > 0.6) continue;
    const { kind, secondsToFull, text } = d.forecast;
    checks.push({
      poll: i,
      share: d.share,
      kind,
      forecast: secondsToFull,
      actual: (failedMs - pollMs) / 1000,
      text,
    });
  }
  return checks;
}

/**
 * How far the actual moment may be from the forecast: 50% of the forecast, and never less than
 * 5 s. The forecast extrapolates the rate of the last few polls (half a second apart); on two
 * shared cores a load program or the watch itself stalls now and then for a second or more,
 * which moves both the rate a poll sees and the moment the last port goes. What must hold is the
 * size: seconds when it is seconds, never TIME_WAIT's minute or "never".
 */
function margin(forecast: number): number {
  return Math.max(5, 0.5 * forecast);
}

function report(load: WatchLoad, samples: Sample[]): void {
  const lines = [`${samples.length} polls`];
  for (const role of ['server', ...CLIENTS] as const) {
    const program = load.program(role);
    lines.push(`${role} pid ${program.pid}: ${JSON.stringify(program.counts)}`);
  }
  if (samples.length > 0) {
    const { compared, worst, worstAfter, where, whereAfter } = agreement(load, samples);
    lines.push(
      `agreement with ss: ${compared} counts compared; worst ${pct(worstAfter)} from ss right after the poll (${whereAfter}), ${pct(worst)} outside ss before and after (${where || 'none'})`,
    );
    const gaps = samples.map((s) => s.ssMs - s.pollMs).sort((a, b) => a - b);
    lines.push(`ss read ${gaps[gaps.length >> 1]} ms after the poll (median), ${gaps.at(-1)} ms at most`);
  }
  for (const role of ['fast', 'slow', 'serverFirst'] as const) {
    // Short-lived connections may be counted before their owner is found: how many were named.
    let seen = 0;
    let named = 0;
    for (const { poll, owners } of samples) {
      seen += owners.byPid.get(load.pid(role))?.ESTABLISHED ?? 0;
      named += poll.programs.find((p) => p.pid === load.pid(role))?.byState.ESTABLISHED ?? 0;
    }
    lines.push(
      `${role}: ${named} of ${seen} ESTABLISHED connections (summed over polls) named with their owner`,
    );
  }
  for (const role of ['fast', 'slow'] as const)
    for (const c of forecasts(load, samples, role))
      lines.push(
        `${role} at ${(c.share * 100).toFixed(0)}%: ${c.kind}, forecast ${c.forecast?.toFixed(1)} s, actual ${c.actual.toFixed(1)} s: ${c.text}`,
      );
  const last = samples.at(-1)?.poll;
  if (last) {
    for (const d of last.destinations)
      lines.push(`last: ${d.endpoint} held ${d.held}/${d.capacity} ${d.forecast.text}`);
    for (const p of last.programs)
      lines.push(
        `last: pid ${p.pid} ${p.name} ${p.total} ${JSON.stringify(nonZero(p.byState))} leak ${p.closeWaitLeak}`,
      );
  }
  console.log(lines.join('\n'));
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function nonZero(counts: Partial<Record<string, number>>): Counts {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n)) as Counts;
}

function check(load: WatchLoad, samples: Sample[], watchErrors: string): void {
  expect(samples.length, `the watch wrote no polls: ${watchErrors}`).toBeGreaterThan(5);
  for (const { poll } of samples) {
    expect(poll.error, poll.error ?? '').toBeNull();
    // TIME_WAIT belongs to no program: every one of them is counted as unowned.
    expect(poll.unowned.byState.TIME_WAIT).toBe(poll.machine.byState.TIME_WAIT);
  }
  // The load did what the test needs: the client-first ones ran out of ports, the others did not.
  for (const role of ['fast', 'slow'] as const)
    expect(load.program(role).firstError?.code, load.program(role).output).toBe('EADDRNOTAVAIL');
  for (const role of ['serverFirst', 'leaker'] as const)
    expect(load.program(role).firstError, load.program(role).output).toBeNull();
  const last = samples.at(-1)!.poll;
  expect(last.machine.ephemeralRange).toMatchObject({ start: RANGE.first, end: RANGE.last });
  expect(last.machine.usablePorts).toBe(CAPACITY);

  // Per destination, the watch counts what ss counts at the same moment, within 5%.
  const agreed = agreement(load, samples);
  expect(agreed.compared).toBeGreaterThan(20);
  expect(agreed.worst, agreed.where).toBeLessThanOrEqual(0.05);
  // Only connections this machine opened are destinations: the servers' sides are not.
  const endpoints = new Set(CLIENTS.map((role) => load.endpoint(role)));
  for (const { poll } of samples)
    for (const d of poll.destinations)
      expect(endpoints, `${d.endpoint} is not a destination`).toContain(d.endpoint);

  // Owners: ss says each destination's client connections belong to its own load program ...
  const pids = new Map([...load.programs].map(([role, program]) => [program.pid, role]));
  for (const { owners } of samples)
    for (const role of CLIENTS)
      for (const pid of owners.ofDestination.get(load.endpoint(role))!) expect(pids.get(pid)).toBe(role);
  // ... and the watch names those programs and no others, TIME_WAIT never with an owner.
  const named = new Set<number>();
  for (const [i, { poll, owners }] of samples.entries())
    for (const program of poll.programs) {
      named.add(program.pid);
      expect(
        pids.has(program.pid),
        `pid ${program.pid} (${program.name}) holds none of the connections`,
      ).toBe(true);
      expect(program.byState.TIME_WAIT, `pid ${program.pid} owns TIME_WAIT`).toBe(0);
      expect(program.name).toBe('node');
      // A socket's owner may be found a poll or two late, never one it does not hold: no more
      // than ss saw it hold right before or right after the poll (it opens and closes between).
      const after = owners.byPid.get(program.pid) ?? {};
      const before = samples[i - 1]?.owners.byPid.get(program.pid) ?? after;
      for (const [state, count] of Object.entries(nonZero(program.byState)))
        expect(count, `pid ${program.pid} ${state} in poll ${i}`).toBeLessThanOrEqual(
          Math.max(before[state] ?? 0, after[state] ?? 0) * 1.05 + 2,
        );
    }
  for (const [pid, role] of pids) expect(named, `the ${role} program (${pid}) is never named`).toContain(pid);
  // The long-lived sockets (the leaker's CLOSE_WAIT, the server's FIN_WAIT_2 toward it) by owner, as ss.
  const lastOwners = samples.at(-1)!.owners;
  for (const [role, state] of [
    ['leaker', 'CLOSE_WAIT'],
    ['server', 'FIN_WAIT_2'],
  ] as const) {
    const seen = lastOwners.byPid.get(load.pid(role))?.[state] ?? 0;
    const watched = last.programs.find((p) => p.pid === load.pid(role))?.byState[state] ?? 0;
    expect(seen, `ss: ${role} ${state}`).toBeGreaterThanOrEqual(150);
    expect(deviation(watched, seen), `${role} ${state}: watch ${watched}, ss ${seen}`).toBeLessThanOrEqual(
      0.05,
    );
  }

  // The leaker is flagged, and no other program ever is.
  expect(last.programs.find((p) => p.pid === load.pid('leaker'))?.closeWaitLeak).toBe(true);
  for (const { poll } of samples)
    for (const program of poll.programs)
      if (program.pid !== load.pid('leaker'))
        expect(program.closeWaitLeak, `${pids.get(program.pid)} flagged: ${program.leakReason}`).toBe(false);
  expect(last.alerts.some((a) => a.kind === 'close-wait-leak' && a.key === String(load.pid('leaker')))).toBe(
    true,
  );

  // The client-first destinations: filling while they fill, the moment within the margin, then full.
  for (const role of ['fast', 'slow'] as const) {
    const checks = forecasts(load, samples, role);
    expect(checks.length, `no poll saw ${role} 30% to 60% full`).toBeGreaterThan(0);
    for (const c of checks) {
      expect(c.kind, c.text).toBe('filling');
      expect(c.forecast, c.text).not.toBeNull();
      expect(Math.abs(c.actual - c.forecast!), `${role}: ${JSON.stringify(c)}`).toBeLessThanOrEqual(
        margin(c.forecast!),
      );
    }
    const full = destinationOf(last, load.endpoint(role));
    expect(full?.held, role).toBe(CAPACITY);
    expect(full?.forecast.kind, full?.forecast.text).toBe('full');
    expect(last.alerts.some((a) => a.kind === 'destination-filling' && a.key === load.endpoint(role))).toBe(
      true,
    );
  }
  // The server-first destination gets its ports back at once: never forecast to fill.
  for (const { poll } of samples) {
    const d = destinationOf(poll, load.endpoint('serverFirst'));
    expect(['filling', 'full'], d?.forecast.text).not.toContain(d?.forecast.kind);
  }
}
