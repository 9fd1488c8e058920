/**
 * The watch at 100,000 connections: poll time on the watch's own thread (reading /proc, finding the
 * owners, counting), the kernel's share of it (reading the tables alone), and memory over many
 * polls while connections come and go. The connections are established loopback pairs held by
 * several load programs (one process may hold only as many sockets as its open-file limit), in a
 * network namespace of their own (`unshare -n` as root, or `unshare -rn`), so the machine's own
 * ports stay free.
 *
 *   npm run bench -- watch        (or: node out/bench/watch.js [--check] [--connections N] [--polls N])
 *   --check: exit 1 when the watch's own share of a poll (the poll minus the kernel's read) is over 100 ms
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { readProcTable } from '../../src/main/engine/netstat/read-proc';
import { linuxSource } from '../../src/main/watch/linux-source';
import { Watcher, watchMachine } from '../../src/main/watch/watcher';

const INSIDE = '--inside-namespace';
const LIMIT_MS = 100;
const WORKER = resolve('out/worker/watch-worker.js');
const check = process.argv.includes('--check');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const CONNECTIONS = option('--connections', 100_000);
const MEMORY_POLLS = option('--polls', 600);

/**
 * A load program: `pairs` established connections to four listeners of its own (both ends here,
 * so each pair is two rows of the table), and with CHURN set, ten of them closed client-first
 * (TIME_WAIT) and ten new ones made every 100 ms.
 */
const LOAD = `
const net = require('node:net');
const [pairs, base, churn] = process.argv.slice(1).map(Number);
const ports = [base, base + 1, base + 2, base + 3];
const clients = [];
let listening = 0;
const connect = (i) => new Promise((ok, fail) => {
  const s = net.connect({ port: ports[i % 4], host: '127.0.0.1' }, () => { clients.push(s); ok(); });
  s.on('error', fail);
});
for (const port of ports) net.createServer((s) => { s.on('error', () => {}); s.on('end', () => s.destroy()); }).listen(port, '127.0.0.1', 65535, async () => {
  if (++listening < 4) return;
  for (let i = 0; i < pairs; i += 500) await Promise.all(Array.from({ length: Math.min(500, pairs - i) }, (_, k) => connect(i + k)));
  console.log('ready');
  if (churn) setInterval(() => { for (let k = 0; k < 10; k++) { clients.shift()?.end(); void connect(k).catch(() => {}); } }, 100);
});
// Ends with the benchmark, whatever way it ends.
setInterval(() => { if (process.ppid === 1) process.exit(); }, 1000);
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

const mb = (bytes: number): string => `${(bytes / (1 << 20)).toFixed(1)} MB`;
const n = (count: number): string => count.toLocaleString('en-US');

/** Open files one process may have: the load programs raise their soft limit to this. */
function fileLimit(): number {
  const text = execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim();
  return text === 'unlimited' ? 1 << 20 : Number(text);
}

async function startLoad(connections: number, churn: boolean): Promise<ChildProcess[]> {
  const limit = fileLimit();
  const perProgram = Math.max(1000, Math.min(50_000, Math.floor((limit - 200) / 2)));
  const pairs = Math.ceil(connections / 2);
  const programs = Math.ceil(pairs / perProgram);
  const children: ChildProcess[] = [];
  for (let k = 0; k < programs; k++) {
    const share = Math.min(perProgram, pairs - k * perProgram);
    const args = [String(share), String(61000 + 10 * k), churn && k === 0 ? '1' : '0'];
    children.push(
      spawn('sh', ['-c', `ulimit -n ${limit} && exec "$0" -e "$@"`, process.execPath, LOAD, ...args], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
  }
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((ok, fail) => {
          child.stdout!.once('data', () => ok());
          child.once('exit', (code) => fail(new Error(`a load program ended (${code}) before it was ready`)));
        }),
    ),
  );
  console.log(
    `watch: ${n(pairs)} connection pairs held by ${programs} load programs (${n(perProgram)} pairs each at most)`,
  );
  return children;
}

function kernelRead(): number {
  const started = performance.now();
  readProcTable('/proc/net/tcp');
  readProcTable('/proc/net/tcp6');
  return performance.now() - started;
}

async function inside(): Promise<void> {
  execFileSync('sysctl', ['-qw', 'net.ipv4.ip_local_port_range=1024 65000']);
  const madeStarted = performance.now();
  const load = await startLoad(CONNECTIONS, true);
  console.log(`watch: made in ${((performance.now() - madeStarted) / 1000).toFixed(1)} s`);
  await new Promise((r) => setTimeout(r, 1000));
  const machine = await watchMachine('linux');
  try {
    // Poll time on the watch's own thread, as the app and the command line poll.
    const threaded = new Watcher({ workerPath: WORKER, machine });
    const first = await threaded.pollOnce();
    if (first.error) throw new Error(first.error);
    console.log(
      `watch: first poll (every process's open files read for the owners): ${first.pollMs.toFixed(0)} ms, ` +
        `${n(first.machine.connections)} connections, ${n(first.machine.programs)} programs`,
    );
    const polls: number[] = [];
    const kernel: number[] = [];
    const trips: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      const poll = await threaded.pollOnce();
      trips.push(performance.now() - started);
      if (poll.error) throw new Error(poll.error);
      polls.push(poll.pollMs);
      kernel.push(kernelRead());
    }
    await threaded.close();
    console.log(
      `watch: poll on its own thread (read + owners + count): median ${median(polls).toFixed(0)} ms, ` +
        `p95 ${p95(polls).toFixed(0)} ms (10 polls; round trip median ${median(trips).toFixed(0)} ms)`,
    );
    console.log(
      `watch: the kernel writing /proc/net/tcp and tcp6 (read alone, nothing parsed): median ${median(kernel).toFixed(0)} ms, ` +
        `p95 ${p95(kernel).toFixed(0)} ms`,
    );

    // The watch's own share: the same polls over tables captured once (owners still read live).
    const captured = new Map(
      ['/proc/net/tcp', '/proc/net/tcp6'].map((path) => [path, Buffer.from(readProcTable(path))]),
    );
    const replay = new Watcher({
      machine,
      source: linuxSource({ readTable: (path) => captured.get(path)! }),
    });
    await replay.pollOnce();
    const own: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 10; i++) {
      const before = process.cpuUsage();
      own.push((await replay.pollOnce()).pollMs);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    }
    await replay.close();
    console.log(
      `watch: its own share (the same ${n(captured.get('/proc/net/tcp')!.length + captured.get('/proc/net/tcp6')!.length)} bytes ` +
        `parsed, owners looked up, counted): median ${median(own).toFixed(0)} ms, p95 ${p95(own).toFixed(0)} ms, ` +
        `CPU median ${median(cpu).toFixed(0)} ms (${median(own) <= LIMIT_MS ? 'within' : 'OVER'} the ${LIMIT_MS} ms limit); ` +
        `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
    );
    if (check && median(own) > LIMIT_MS) process.exitCode = 1;

    // Memory: polls back to back on this thread (so heapUsed is the watch's), connections churning.
    const here = new Watcher({ machine });
    const gc = (globalThis as { gc?: () => void }).gc;
    const heap: number[] = [];
    const rss: number[] = [];
    const times: number[] = [];
    const started = performance.now();
    for (let i = 1; i <= MEMORY_POLLS; i++) {
      const poll = await here.pollOnce();
      if (poll.error) throw new Error(poll.error);
      times.push(poll.pollMs);
      if (i % Math.max(1, Math.floor(MEMORY_POLLS / 6)) === 0 || i === MEMORY_POLLS) {
        gc?.();
        const memory = process.memoryUsage();
        heap.push(memory.heapUsed);
        rss.push(memory.rss);
        console.log(
          `watch: after ${i} polls (${((performance.now() - started) / 1000).toFixed(0)} s): heapUsed ${mb(memory.heapUsed)}, ` +
            `rss ${mb(memory.rss)}, ${n(poll.machine.connections)} connections, poll median so far ${median(times).toFixed(0)} ms, ` +
            `p95 ${p95(times).toFixed(0)} ms`,
        );
      }
    }
    await here.close();
    if (heap.length)
      console.log(
        `watch: memory over ${MEMORY_POLLS} polls${gc ? ' (after a collection each time)' : ''}: heapUsed ` +
          `${mb(heap[0]!)} -> ${mb(heap.at(-1)!)} (most ${mb(Math.max(...heap))}), rss ${mb(rss[0]!)} -> ${mb(rss.at(-1)!)}`,
      );
  } finally {
    for (const child of load) child.kill();
  }
}

function inNamespace(): void {
  if (process.platform !== 'linux') {
    console.log('watch: measured on Linux only (it reads /proc)');
    return;
  }
  const asRoot = process.getuid?.() === 0;
  const args = [
    ...(asRoot ? ['-n'] : ['-r', '-n']),
    'sh',
    '-c',
    'ip link set lo up && exec "$0" "$@"',
    process.execPath,
    '--expose-gc',
    ...process.argv.slice(1),
    INSIDE,
  ];
  const child = spawnSync('unshare', args, { stdio: 'inherit', timeout: 3_600_000 });
  if (child.error || (child.status !== 0 && child.status !== 1)) {
    console.log(
      'watch: not measured: a private network namespace could not be made ' +
        '(run as root, or allow unprivileged user namespaces)',
    );
  } else if (child.status === 1) process.exitCode = 1;
}

if (process.argv.includes(INSIDE)) await inside();
else inNamespace();
