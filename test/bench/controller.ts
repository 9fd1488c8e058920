/**
 * Controller benchmark: what the Electron main process would feel while the controller runs the
 * engine, with everything the app does around it (snapshots four times a second, the run log on
 * disk, the netstat poller, the history).
 *
 *  1. speed: a full-speed run; the owning thread's event-loop delay p99 must stay under 10 ms, and
 *     snapshots must keep their pace (about four a second, never more).
 *  2. errors: a run in a network namespace with 16 ephemeral ports and no TIME_WAIT reuse, where
 *     client-first connects fail as fast as they are tried (Windows' exhaustion on the Linux kernel),
 *     until 100,000 errors; resident memory after it must stay under 150 MB, no snapshot may carry
 *     more than 1,000 errors, and every error must be in the run log on disk.
 *  3. long: a full-speed run of BENCH_LONG_SECONDS (60 by default; 600 for the issue's ten
 *     minutes); resident memory after it must stay under 150 MB (the figure while it runs, mostly
 *     the engine's two worker threads, is reported too).
 *
 * Run: node out/bench/controller.js [speed|errors|long]... (bundled by `npm run bench`). Scenario 2
 * needs Linux and root or unprivileged user namespaces; it is skipped, and says so, without them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Snapshot } from '../../src/shared/contract';
import type { SessionConfig } from '../../src/shared/types';
import { runLogFile, SessionController } from '../../src/main/controller/session-controller';
import { readMachineFacts } from '../../src/main/engine/machine-facts';
import {
  NAMESPACE_ENV,
  emulationUnavailable,
  namespaceCommand,
  parsePortRange,
  prepareNamespace,
} from '../../src/main/engine/netns';
import { HistoryStore } from '../../src/main/results/history';
import { RunLog } from '../../src/main/results/run-log';

const WORKER = resolve('out/worker/engine-worker.js');
const MB = 1024 * 1024;
const LIMITS = { p99Ms: 10, rssMb: 150 };

interface Outcome {
  name: string;
  ok: boolean;
  lines: string[];
}

function makeController(dataDir: string): SessionController {
  return new SessionController({
    dataDir,
    workerPath: WORKER,
    netstatWorkerPath: resolve('out/worker/netstat-worker.js'),
    system: () => readMachineFacts({ appVersion: 'bench' }),
    app: { name: 'SocketCloseTest', version: 'bench' },
    history: new HistoryStore(join(dataDir, 'history')),
    openRunLog: (path) => new RunLog(path),
  });
}

function port(): number {
  return 63800 + Math.floor(Math.random() * 200);
}

/** One run through the controller, measuring the owning thread and the snapshots. */
async function measuredRun(config: SessionConfig) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sct-bench-controller-'));
  const controller = makeController(dataDir);
  // What is measured of each snapshot, not the snapshot itself (that would be memory of our own).
  const snapshots: {
    at: number;
    state: Snapshot['state'];
    newErrors: number;
    skipped: number;
    rss: number;
  }[] = [];
  controller.on('snapshot', (snapshot) => {
    snapshots.push({
      at: performance.now(),
      state: snapshot.state,
      newErrors: snapshot.newErrors.length,
      skipped: snapshot.newErrorsSkipped,
      rss: process.memoryUsage().rss,
    });
  });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const rssBefore = process.memoryUsage().rss;
  histogram.enable();
  const handle = await controller.start(config);
  const ended = await handle.ended;
  histogram.disable();
  const rssAfter = process.memoryUsage().rss;
  const run = ended.document.runs[0]!;
  const running = snapshots.filter((s) => s.state === 'running');
  const span = running.length > 1 ? (running.at(-1)!.at - running[0]!.at) / 1000 : 0;
  const runLog = runLogFile(dataDir, ended.historyId ?? ended.sessionId);
  return {
    controller,
    dataDir,
    run,
    runLog,
    p99Ms: histogram.percentile(99) / 1e6,
    maxMs: histogram.max / 1e6,
    snapshotsPerSec: span > 0 ? (running.length - 1) / span : 0,
    maxNewErrors: Math.max(0, ...snapshots.map((s) => s.newErrors)),
    skipped: snapshots.reduce((n, s) => n + s.skipped, 0),
    rssBeforeMb: rssBefore / MB,
    /** At the last snapshot of the running engine: its two threads still alive. */
    rssRunningMb: (running.at(-1)?.rss ?? rssAfter) / MB,
    rssAfterMb: rssAfter / MB,
    peakRssMb: Math.max(rssAfter, ...snapshots.map((s) => s.rss)) / MB,
    historyId: ended.historyId,
  };
}

async function speed(): Promise<Outcome> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const lines: string[] = [];
  let ok = true;
  for (const mode of ['server', 'any'] as const) {
    const m = await measuredRun({
      mode,
      host: '127.0.0.1',
      port: port(),
      durationSec: seconds,
      connectionLimit: null,
      maxErrors: 1000,
      force: true,
    });
    const rate = m.run.connections / (m.run.elapsedMs / 1000);
    const good = m.p99Ms < LIMITS.p99Ms && m.snapshotsPerSec <= 4.5;
    ok &&= good;
    // The max is reported, not judged: with a large TIME_WAIT table the poller's synchronous read
    // of /proc/net/tcp can hold the thread far longer than the p99 suggests.
    lines.push(
      `${mode.padEnd(7)} ${Math.round(rate)} connects/s for ${seconds} s: event-loop delay p99 ${m.p99Ms.toFixed(2)} ms ` +
        `(limit ${LIMITS.p99Ms} ms; max ${m.maxMs.toFixed(1)} ms), ${m.snapshotsPerSec.toFixed(2)} snapshots/s ${good ? 'ok' : 'FAILED'}`,
    );
    rmSync(m.dataDir, { recursive: true, force: true });
  }
  return { name: 'speed', ok, lines };
}

async function errorsInNamespace(): Promise<Outcome> {
  const errors = Number(process.env.BENCH_ERRORS ?? 100_000);
  const m = await measuredRun({
    mode: 'client',
    host: '127.0.0.1',
    port: port(),
    durationSec: 600,
    connectionLimit: null,
    maxErrors: errors,
    force: true,
  });
  const onDisk = readFileSync(m.runLog, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"type":"error"')).length;
  const total = Object.values(m.run.errorCounts).reduce((a, b) => a + b, 0);
  // The limit is on what stays resident after the run, as the issue asks. During this flood (errors
  // some 200 times faster than 100,000 in ten minutes) the figure is higher, mostly the worker
  // threads' short-lived garbage, which the bare engine shows too; it is reported, not judged.
  const good = m.rssAfterMb < LIMITS.rssMb && onDisk === total && m.maxNewErrors <= 1000;
  const lines = [
    `${total} errors (${Object.entries(m.run.errorCounts)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}) in ${(m.run.elapsedMs / 1000).toFixed(1)} s after ${m.run.connections} connections; ` +
      `${m.run.errors.length} kept in memory, ${onDisk} in the run log on disk`,
    `resident memory ${m.rssBeforeMb.toFixed(0)} MB before, ${m.rssAfterMb.toFixed(0)} MB after (limit ${LIMITS.rssMb} MB); ` +
      `during the flood ${m.rssRunningMb.toFixed(0)} MB at the last snapshot, peak ${m.peakRssMb.toFixed(0)} MB; ` +
      `event-loop delay p99 ${m.p99Ms.toFixed(2)} ms`,
    `snapshots: at most ${m.maxNewErrors} new errors each, ${m.skipped} left to the run log; ${m.snapshotsPerSec.toFixed(2)}/s`,
    good ? 'ok' : 'FAILED',
  ];
  rmSync(m.dataDir, { recursive: true, force: true });
  return { name: 'errors', ok: good, lines };
}

async function errors(): Promise<Outcome> {
  if (process.env[NAMESPACE_ENV]) {
    await prepareNamespace(parsePortRange(process.env[NAMESPACE_ENV]!));
    return errorsInNamespace();
  }
  const unavailable = emulationUnavailable();
  if (unavailable) return { name: 'errors', ok: true, lines: [`skipped: ${unavailable}`] };
  // The namespace needs its own process: run this scenario again inside one, and relay its lines.
  const self = fileURLToPath(import.meta.url);
  const { command, args, env } = namespaceCommand(
    process.execPath,
    [self, 'errors'],
    parsePortRange('50000-50015'),
  );
  const child = spawnSync(command, args, { env, encoding: 'utf8', timeout: 15 * 60_000 });
  const out = `${child.stdout ?? ''}`.trim().split('\n');
  const problem = `${child.stderr ?? ''}${child.error?.message ?? ''}`.trim();
  // No namespace here (no privileges for one) is a skip; anything else that went wrong is a failure.
  if (child.status !== 0 && /could not be set up|Operation not permitted|unshare: /.test(problem)) {
    return { name: 'errors', ok: true, lines: [`skipped: ${problem.split('\n')[0]}`] };
  }
  const lines = out.filter((l) => l !== '' && !l.startsWith('==='));
  if (child.status !== 0 && problem) lines.push(...problem.split('\n').slice(0, 12));
  return { name: 'errors', ok: child.status === 0, lines };
}

async function long(): Promise<Outcome> {
  const seconds = Number(process.env.BENCH_LONG_SECONDS ?? 60);
  const m = await measuredRun({
    mode: 'server',
    host: '127.0.0.1',
    port: port(),
    durationSec: seconds,
    connectionLimit: null,
    maxErrors: 1000,
    force: true,
  });
  // Judged after the run, as the issue asks. While it runs, the engine's two worker threads (each
  // its own V8 instance) hold most of what is resident; that figure is reported beside it.
  const good = m.rssAfterMb < LIMITS.rssMb;
  const lines = [
    `${m.run.connections} connections in ${(m.run.elapsedMs / 1000).toFixed(0)} s, ${m.run.samples.length} samples: ` +
      `resident memory ${m.rssBeforeMb.toFixed(0)} MB before, ${m.rssAfterMb.toFixed(0)} MB after (limit ${LIMITS.rssMb} MB); ` +
      `while running ${m.rssRunningMb.toFixed(0)} MB at the last snapshot, peak ${m.peakRssMb.toFixed(0)} MB; ` +
      `event-loop delay p99 ${m.p99Ms.toFixed(2)} ms ${good ? 'ok' : 'FAILED'}`,
  ];
  rmSync(m.dataDir, { recursive: true, force: true });
  return { name: 'long', ok: good, lines };
}

const scenarios = { speed, errors, long } as const;
const asked = process.argv.slice(2).filter((a): a is keyof typeof scenarios => a in scenarios);
let failed = false;
for (const name of asked.length ? asked : (Object.keys(scenarios) as (keyof typeof scenarios)[])) {
  const outcome = await scenarios[name]();
  console.log(`=== controller: ${outcome.name} ===`);
  for (const line of outcome.lines) console.log(`  ${line}`);
  failed ||= !outcome.ok;
}
process.exit(failed ? 1 : 0);
