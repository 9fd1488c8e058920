/**
 * Real load for the watch: each role of test/main/watch/load-program.mjs in its own process, so
 * the watch sees a distinct owner for each. A server listens on four ports; two clients close
 * first at different rates (TIME_WAIT on their side), one client lets the server close first, and
 * a leaker never closes sockets its peer closed (CLOSE_WAIT builds up). Optionally all of it runs
 * in a fresh network namespace with a tiny ephemeral range, where the client-first destinations
 * fill within seconds and their connects start to fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const LOAD_PROGRAM = fileURLToPath(new URL('../main/watch/load-program.mjs', import.meta.url));

const isRoot = process.getuid?.() === 0;

/** A line a load program wrote. */
export interface LoadLine {
  event: 'ready' | 'first-error' | 'counts' | 'stopped' | 'failed';
  role: string;
  pid: number;
  /** Date.now() in the program when it wrote the line. */
  timeMs: number;
  ok?: number;
  errors?: number;
  open?: number;
  accepted?: number;
  /** On first-error: the error's code ("EADDRNOTAVAIL") and connects that succeeded before it. */
  code?: string;
  firstError?: { code: string; timeMs: number; ok: number } | null;
  message?: string;
}

/**
 * A network namespace of its own, held open by a sleeping process, with a small ephemeral range
 * and no TIME_WAIT reuse (like Windows' loopback). Programs enter it through nsenter.
 */
export class PortNamespace {
  private constructor(
    private readonly holder: ChildProcess,
    readonly range: { first: number; last: number },
    /** A process inside the namespace, the one nsenter joins. */
    private readonly target: number,
    /** Whether it has its own PID namespace. */
    readonly ownPids: boolean,
  ) {}

  /** Why a namespace cannot be made here, or null when it can. */
  static problem(options: { pids?: boolean } = {}): string | null {
    if (process.platform !== 'linux')
      return `it needs Linux network namespaces, and this is ${process.platform}`;
    for (const tool of ['unshare', 'nsenter', 'ip', 'ss'])
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
        return `it needs the "${tool}" command (util-linux, iproute2)`;
    const probe = spawnSync('unshare', [...unshareFlags(), ...pidFlags(options.pids), 'true'], {
      encoding: 'utf8',
    });
    if (probe.status !== 0)
      return `a network namespace cannot be made here, which needs root or unprivileged user namespaces (${probe.stderr.trim()})`;
    return null;
  }

  /**
   * With `pids`, the namespace has its own processes too (and its own /proc): a watch inside it
   * finds owners among the load programs alone, not among every process of a busy machine, and
   * PIDs are the namespace's (the load programs report theirs).
   */
  static async create(
    range = { first: 40000, last: 40399 },
    options: { pids?: boolean } = {},
  ): Promise<PortNamespace> {
    const script = `ip link set lo up
echo ${range.first} ${range.last} > /proc/sys/net/ipv4/ip_local_port_range
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
echo ready
exec sleep 100000`;
    // unshare without --fork runs the script in its own process: its pid names the namespace.
    // With --fork the script is unshare's child, the first process of the new PID namespace.
    const holder = spawn('unshare', [...unshareFlags(), ...pidFlags(options.pids), 'sh', '-c', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    holder.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const lines = createInterface({ input: holder.stdout! });
    const ready = new Promise<void>((resolve, reject) => {
      lines.once('line', () => resolve());
      holder.once('exit', (code) => reject(new Error(`the namespace did not start (${code}): ${errors}`)));
    });
    await ready;
    const target = options.pids
      ? Number(readFileSync(`/proc/${holder.pid}/task/${holder.pid}/children`, 'utf8').trim().split(' ')[0])
      : holder.pid!;
    return new PortNamespace(holder, range, target, !!options.pids);
  }

  get pid(): number {
    return this.target;
  }

  /**
   * The command and arguments that run `command` inside the namespace. nsenter execs it (same pid)
   * or, into a PID namespace, runs it as its child and does not pass signals on: stop such a
   * program with kill() and the pid it has in there.
   */
  wrap(command: string, args: readonly string[]): [string, string[]] {
    const user = isRoot ? [] : ['--user', '--preserve-credentials'];
    const pids = this.ownPids ? ['--pid', '--mount'] : [];
    return ['nsenter', ['--target', String(this.target), '--net', ...pids, ...user, '--', command, ...args]];
  }

  /** Sends SIGTERM to a process by the pid it has inside the namespace. */
  kill(pid: number): void {
    this.run('kill', ['-TERM', String(pid)]);
  }

  /** Runs a short command inside the namespace and returns its output. */
  run(command: string, args: readonly string[]): string {
    const [cmd, full] = this.wrap(command, args);
    const ran = spawnSync(cmd, full, { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 30_000 });
    if (ran.status !== 0) throw new Error(`${command} failed in the namespace: ${ran.stderr ?? ran.error}`);
    return ran.stdout;
  }

  async close(): Promise<void> {
    if (this.holder.exitCode !== null || this.holder.signalCode !== null) return;
    const exited = once(this.holder, 'exit');
    // unshare --fork holds SIGTERM back while it waits for its child; SIGKILL ends it, and
    // --kill-child then the namespace's first process and everything in there.
    this.holder.kill('SIGKILL');
    await exited;
  }
}

function unshareFlags(): string[] {
  return isRoot ? ['--net'] : ['--net', '--map-root-user'];
}

/** --kill-child: closing the holder ends the namespace's first process, and with it all in there. */
function pidFlags(pids = false): string[] {
  return pids ? ['--pid', '--fork', '--kill-child', '--mount-proc'] : [];
}

/** One running load program: its pid and everything it reported. */
export class LoadProgram {
  readonly lines: LoadLine[] = [];
  readonly ready: Promise<void>;
  private stderr = '';
  private exited: Promise<unknown>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    private readonly namespace: PortNamespace | null = null,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = once(child, 'exit');
    const lines = createInterface({ input: child.stdout! });
    this.ready = new Promise((resolve, reject) => {
      lines.on('line', (text) => {
        let line: LoadLine;
        try {
          line = JSON.parse(text) as LoadLine;
        } catch {
          return;
        }
        this.lines.push(line);
        if (line.event === 'ready') resolve();
        if (line.event === 'failed') reject(new Error(`${name} did not start: ${line.message}`));
      });
      child.once('exit', (code) =>
        reject(new Error(`${name} stopped before it was ready (${code}): ${this.stderr.trim()}`)),
      );
    });
    // Rejections are read through `ready` by whoever waits; never an unhandled one.
    this.ready.catch(() => {});
  }

  /** Its pid as it reports it: inside a namespace with its own PIDs, the pid it has there. */
  get pid(): number {
    return this.lines[0]?.pid ?? this.child.pid!;
  }

  /** The first failed connect (time in ms since the epoch), or null. */
  get firstError(): { code: string; timeMs: number; ok: number } | null {
    const line = this.lines.find((l) => l.event === 'first-error');
    return line ? { code: line.code!, timeMs: line.timeMs, ok: line.ok ?? 0 } : null;
  }

  /** The newest counts it reported (the stopped line's after stop()). */
  get counts(): LoadLine | null {
    for (let i = this.lines.length - 1; i >= 0; i--)
      if (this.lines[i]!.event === 'counts' || this.lines[i]!.event === 'stopped') return this.lines[i]!;
    return null;
  }

  get output(): string {
    return `${this.lines.map((l) => JSON.stringify(l)).join('\n')}\n${this.stderr}`.trim();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (!this.namespace?.ownPids) this.child.kill('SIGTERM');
    else
      try {
        this.namespace.kill(this.pid);
      } catch {
        // It ended between the check and the kill.
      }
    await this.exited;
  }
}

export interface LoadDestination {
  host: string;
  port: number;
}

export interface WatchLoadOptions {
  /** Run every program in this namespace; in the current one when absent. */
  namespace?: PortNamespace | null;
  /** Connects a second of the two client-first programs (default 25 and 12). */
  fastRate?: number;
  slowRate?: number;
  /** Connects a second of the server-first client (default 20). */
  serverFirstRate?: number;
  /** Connections the leaker opens and never closes (default 160, at 40 a second). */
  leakCount?: number;
  /** How long each connection stays open before the side that closes first closes it (default 1000 ms). */
  holdMs?: number;
  /** Listener ports, outside the ephemeral range (default 47001 to 47004). */
  basePort?: number;
  /** Where the slow client-first program connects: IPv6 loopback by default, so both families load. */
  slowHost?: string;
}

export type LoadRole = 'server' | 'fast' | 'slow' | 'serverFirst' | 'leaker';

/** The whole load: start() brings up the server, then the four clients; stop() ends them all. */
export class WatchLoad {
  readonly programs = new Map<LoadRole, LoadProgram>();
  readonly destinations: Record<Exclude<LoadRole, 'server'>, LoadDestination>;
  private readonly options: Required<Omit<WatchLoadOptions, 'namespace'>> & {
    namespace: PortNamespace | null;
  };

  constructor(options: WatchLoadOptions = {}) {
    this.options = {
      namespace: options.namespace ?? null,
      fastRate: options.fastRate ?? 25,
      slowRate: options.slowRate ?? 12,
      serverFirstRate: options.serverFirstRate ?? 20,
      leakCount: options.leakCount ?? 160,
      holdMs: options.holdMs ?? 1000,
      basePort: options.basePort ?? 47001,
      slowHost: options.slowHost ?? '::1',
    };
    const base = this.options.basePort;
    this.destinations = {
      fast: { host: '127.0.0.1', port: base },
      slow: { host: this.options.slowHost, port: base + 1 },
      serverFirst: { host: '127.0.0.1', port: base + 2 },
      leaker: { host: '127.0.0.1', port: base + 3 },
    };
  }

  /** "127.0.0.1:47001" or "[::1]:47002", as the watch writes endpoints. */
  endpoint(role: Exclude<LoadRole, 'server'>): string {
    const { host, port } = this.destinations[role];
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  }

  pid(role: LoadRole): number {
    return this.program(role).pid;
  }

  program(role: LoadRole): LoadProgram {
    const program = this.programs.get(role);
    if (!program) throw new Error(`the ${role} load program is not running`);
    return program;
  }

  async start(): Promise<void> {
    const o = this.options;
    const d = this.destinations;
    await this.launch('server', {
      role: 'server',
      listeners: [
        { ...d.fast, closeFirst: false },
        { ...d.slow, closeFirst: false },
        { ...d.serverFirst, closeFirst: true, holdMs: o.holdMs },
        { ...d.leaker, closeFirst: true, holdMs: 0 },
      ],
    });
    const clients: [LoadRole, object][] = [
      ['fast', { role: 'client', ...d.fast, rate: o.fastRate, holdMs: o.holdMs, closeFirst: true }],
      ['slow', { role: 'client', ...d.slow, rate: o.slowRate, holdMs: o.holdMs, closeFirst: true }],
      ['serverFirst', { role: 'client', ...d.serverFirst, rate: o.serverFirstRate, closeFirst: false }],
      ['leaker', { role: 'leaker', ...d.leaker, rate: 40, count: o.leakCount }],
    ];
    await Promise.all(clients.map(([role, config]) => this.launch(role, config)));
  }

  /** Stops the clients first, then the server; every program exits on SIGTERM. */
  async stop(): Promise<void> {
    const clients = [...this.programs].filter(([role]) => role !== 'server');
    await Promise.all(clients.map(([, program]) => program.stop()));
    await this.programs.get('server')?.stop();
  }

  private async launch(role: LoadRole, config: object): Promise<void> {
    const args = [LOAD_PROGRAM, JSON.stringify(config)];
    const [command, full] = this.options.namespace
      ? this.options.namespace.wrap(process.execPath, args)
      : [process.execPath, args];
    const child = spawn(command, full, { stdio: ['ignore', 'pipe', 'pipe'] });
    const program = new LoadProgram(role, child, this.options.namespace);
    this.programs.set(role, program);
    await program.ready;
  }
}
