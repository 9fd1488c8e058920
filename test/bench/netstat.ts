/**
 * Netstat poller speed: parsing 50,000 rows of each format (median of several runs; the limit is
 * 25 ms), and one live poll of /proc with 30,000 TIME_WAIT entries (limit 50 ms). The entries are
 * made inside a network namespace of their own (`unshare -n`, as root, or `unshare -rn`), so the
 * machine's own ephemeral ports stay free.
 *
 *   npx esbuild test/bench/netstat.ts --bundle --platform=node --format=esm --packages=external --outfile=out/bench/netstat.js
 *   node out/bench/netstat.js [--check]     (--check: exit 1 when a figure is over its limit)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import iconv from 'iconv-lite';
import { NetstatPoller, countCapture, type CaptureFormat } from '../../src/main/engine/netstat/poller';
import { readProcTable } from '../../src/main/engine/netstat/read-proc';

const ROWS = 50_000;
const TIME_WAITS = 30_000;
const PORT = 62100;
const PARSE_LIMIT_MS = 25;
const POLL_LIMIT_MS = 50;
const INSIDE = '--inside-namespace';

const check = process.argv.includes('--check');
let over = false;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function report(label: string, samples: number[], limit: number): void {
  const mid = median(samples);
  if (mid > limit) over = true;
  const verdict = mid <= limit ? 'within' : 'OVER';
  console.log(
    `netstat: ${label}: median ${mid.toFixed(1)} ms, min ${Math.min(...samples).toFixed(1)}, ` +
      `max ${Math.max(...samples).toFixed(1)} (${samples.length} runs; ${verdict} the ${limit} ms limit)`,
  );
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** A table like the kernel's: mostly TIME_WAIT on both sides of the test port, some others. */
function rows(format: CaptureFormat): string | Buffer {
  const states = {
    'linux-proc': ['06', '01', '06', '08', '0A'],
    windows: ['WARTEND', 'HERGESTELLT', 'WARTEND', 'SCHLIESSEN_WARTEN', 'ABHÖREN'],
    'linux-ss': ['TIME-WAIT', 'ESTAB', 'TIME-WAIT', 'CLOSE-WAIT', 'LISTEN'],
    macos: ['TIME_WAIT', 'ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT', 'LISTEN'],
  }[format];
  const lines: string[] = [];
  if (format === 'linux-proc')
    lines.push(
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    );
  if (format === 'windows')
    lines.push(
      '',
      'Aktive Verbindungen',
      '',
      '  Proto  Lokale Adresse         Remoteadresse          Status',
    );
  if (format === 'linux-ss')
    lines.push('State      Recv-Q Send-Q  Local Address:Port   Peer Address:Port Process');
  if (format === 'macos')
    lines.push('Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)');
  for (let i = 0; i < ROWS; i++) {
    const ephemeral = 32768 + (i % 28000);
    const [local, peer] = i % 2 === 0 ? [40000, ephemeral] : [ephemeral, 40000];
    const state = states[i % states.length]!;
    if (format === 'linux-proc') {
      lines.push(
        `${String(i).padStart(5)}: 0100007F:${hex4(local)} 0100007F:${hex4(peer)} ${state} 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000`.padEnd(
          149,
        ),
      );
    } else if (format === 'windows') {
      lines.push(`  TCP    127.0.0.1:${local}`.padEnd(32) + `127.0.0.1:${peer}`.padEnd(23) + state);
    } else if (format === 'linux-ss') {
      lines.push(`${state.padEnd(10)} 0      0      127.0.0.1:${local}      127.0.0.1:${peer}`);
    } else {
      lines.push(
        `tcp4       0      0  127.0.0.1.${local}`.padEnd(44) + `127.0.0.1.${peer}`.padEnd(23) + state,
      );
    }
  }
  const text = lines.join(format === 'windows' ? '\r\n' : '\n') + '\n';
  return format === 'windows' ? iconv.encode(text, 'cp850') : Buffer.from(text, 'latin1');
}

function parseBench(): void {
  const formats: [CaptureFormat, string][] = [
    ['linux-proc', '/proc/net/tcp'],
    ['windows', 'Windows netstat (German, CP850, CRLF)'],
    ['linux-ss', 'ss -tan'],
    ['macos', 'macOS netstat'],
  ];
  for (const [format, label] of formats) {
    const input = rows(format);
    const samples: number[] = [];
    for (let run = 0; run < 25; run++) {
      const started = performance.now();
      const counts = countCapture(input, format, 40000);
      samples.push(performance.now() - started);
      if (counts.server.total + counts.client.total < ROWS * 0.7)
        throw new Error(`${label}: rows were not counted`);
    }
    report(`parse ${ROWS.toLocaleString('en-US')} rows of ${label}`, samples.slice(5), PARSE_LIMIT_MS);
  }
}

/** Inside the namespace: TIME_WAIT entries on loopback, then polls. */
async function liveInside(): Promise<void> {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  // The namespace's own settings: room for every entry, and no reuse that would retire some early.
  writeFileSync('/proc/sys/net/ipv4/ip_local_port_range', '1024 65535');
  writeFileSync('/proc/sys/net/ipv4/tcp_tw_reuse', '0');
  try {
    writeFileSync('/proc/sys/net/ipv4/tcp_max_tw_buckets', '262144');
  } catch {
    // Older kernels share this one with the host: its own limit is far above 30,000 anyway.
  }
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.on('end', () => socket.destroy());
    socket.resume();
  });
  await new Promise<void>((resolve) =>
    server.listen({ port: PORT, host: '127.0.0.1', backlog: 1024 }, resolve),
  );
  const started = performance.now();
  let made = 0;
  const worker = async (): Promise<void> => {
    while (made < TIME_WAITS) {
      made++;
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect({ port: PORT, host: '127.0.0.1' });
        socket.once('connect', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
      });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await new Promise((r) => setTimeout(r, 500));
  const madeMs = performance.now() - started;
  const poller = new NetstatPoller({ port: PORT, ephemeralRange: { start: 1024, end: 65535, count: 64512 } });
  const samples: number[] = [];
  const cpu: number[] = [];
  const readOnly: number[] = [];
  let tw = 0;
  for (let run = 0; run < 12; run++) {
    const before = process.cpuUsage();
    const counts = await poller.pollOnce();
    const used = process.cpuUsage(before);
    if (!counts) throw new Error(poller.lastError ?? 'poll failed');
    samples.push(counts.pollMs);
    cpu.push((used.user + used.system) / 1000);
    tw = counts.client.byState.TIME_WAIT;
    // The kernel's share: the same read with no parsing.
    const readStarted = performance.now();
    readProcTable('/proc/net/tcp');
    readOnly.push(performance.now() - readStarted);
  }
  const ss = execFileSync('ss', ['-Htan', 'state', 'time-wait', `( dport = :${PORT} )`], {
    maxBuffer: 64 << 20,
  })
    .toString()
    .split('\n')
    .filter(Boolean).length;
  console.log(
    `netstat: ${TIME_WAITS.toLocaleString('en-US')} connections made in ${(madeMs / 1000).toFixed(1)} s; ` +
      `client TIME_WAIT counted ${tw.toLocaleString('en-US')}, ss says ${ss.toLocaleString('en-US')}`,
  );
  report(`live poll with ${tw.toLocaleString('en-US')} TIME_WAIT entries`, samples.slice(2), POLL_LIMIT_MS);
  console.log(
    `netstat: of which reading /proc/net/tcp alone (the kernel writing the table): median ${median(readOnly.slice(2)).toFixed(1)} ms; ` +
      `CPU per poll (user + system): median ${median(cpu.slice(2)).toFixed(1)} ms; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  );
  server.close();
  if (over) process.exitCode = 1;
}

function liveInNamespace(): void {
  if (process.platform !== 'linux') {
    console.log('netstat: live poll: measured on Linux only (it reads /proc/net/tcp)');
    return;
  }
  const asRoot = process.getuid?.() === 0;
  const args = [...(asRoot ? ['-n'] : ['-r', '-n']), process.execPath, process.argv[1]!, INSIDE];
  const child = spawnSync('unshare', args, { stdio: 'inherit', timeout: 120_000 });
  if (child.error || (child.status !== 0 && child.status !== 1)) {
    console.log(
      'netstat: live poll: not measured: a private network namespace could not be made ' +
        '(run as root, or allow unprivileged user namespaces)',
    );
  } else if (child.status === 1) over = true;
}

if (process.argv.includes(INSIDE)) {
  await liveInside();
} else {
  parseBench();
  liveInNamespace();
  if (check && over) process.exitCode = 1;
}
