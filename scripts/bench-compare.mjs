// The engine against a plain C loop (test/bench/refloop.c), as ratios engine/native measured side
// by side. A ratio of 1.00 means as fast as plain blocking sockets in C.
//
// On a busy machine an absolute rate says little, so the two loops run in pairs, one right after
// the other, and only each pair's ratio counts. As root, each pair runs in a fresh network
// namespace (both ports in it): both loops start from an empty TIME_WAIT table of their own, and
// neither meets what other programs left in the machine's. Which loop runs first alternates from
// pair to pair, since the second one finds the first one's TIME_WAIT entries. Tearing a namespace
// down that holds tens of thousands of TIME_WAIT entries keeps the kernel busy for a while, so
// each pair waits before it starts. Five seconds a loop by default: the engine's first second
// runs slower while its code is being compiled, which a plain C loop never does, and a run lasts a
// minute unless told otherwise.
//
// Environment: BENCH_SECONDS (5) per loop, BENCH_PAIRS (5) per order, BENCH_PAUSE (3) seconds
// before each pair, BENCH_MODES (any,client,server,simultaneous,graceful), BENCH_NETNS=0 to run
// in the machine's own namespace (fresh ports each pair), BENCH_CLI for another built command line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ORDERS = ['any', 'client', 'server', 'simultaneous', 'graceful'];

const median = (values) => {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const sleep = (seconds) => new Promise((r) => setTimeout(r, seconds * 1000));
const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** Builds the native loop; answers its path, or null (with the reason printed) when there is no C compiler. */
function buildNative(outDir) {
  const exe = join(outDir, 'refloop');
  const cc = spawnSync('cc', ['-O2', '-pthread', '-o', exe, 'test/bench/refloop.c'], { stdio: 'inherit' });
  if (cc.error || cc.status !== 0) {
    console.log('engine/native comparison not run: the native loop needs a C compiler (cc).');
    return null;
  }
  return exe;
}

/** One pair: the engine's rate and the native loop's, in connects per second. */
function runPair({ mode, seconds, isolate, cli, native, work, index, port }) {
  const json = join(work, `pair${index}.json`);
  const log = join(work, `pair${index}.log`);
  const engine = `${quote(process.execPath)} ${quote(cli)} ${mode} --duration ${seconds} --port ${port} --json ${quote(json)} --force >${quote(log)} 2>&1`;
  const plain = `${quote(native)} ${mode} ${seconds} ${port + 1}`;
  const both = index % 2 ? `${engine} && ${plain}` : `${plain} && ${engine}`;
  const script = isolate ? `ip link set lo up && ${both}` : both;
  const run = isolate
    ? spawnSync('unshare', ['--net', 'sh', '-c', script], { encoding: 'utf8' })
    : spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (run.status !== 0) {
    let tail = '';
    try {
      tail = readFileSync(log, 'utf8').split('\n').slice(-5).join('\n');
    } catch {
      tail = run.stderr;
    }
    throw new Error(`pair ${index} of ${mode} failed:\n${tail}`);
  }
  const result = JSON.parse(readFileSync(json, 'utf8'));
  const rate = Number(/rate=(\d+)/.exec(run.stdout)?.[1] ?? NaN);
  if (!(result.elapsedMs > 0) || !(rate > 0)) throw new Error(`pair ${index} of ${mode} measured nothing`);
  return { engine: result.connections / (result.elapsedMs / 1000), native: rate };
}

/** Runs the comparison for every order; answers false when any pair failed. */
export async function compareWithNative() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const pairs = Number(process.env.BENCH_PAIRS ?? 5);
  const pause = Number(process.env.BENCH_PAUSE ?? 3);
  const modes = (process.env.BENCH_MODES ?? ORDERS.join(',')).split(',').filter(Boolean);
  const cli = resolve(process.env.BENCH_CLI ?? 'out/cli/index.js');
  const isolate =
    process.env.BENCH_NETNS !== '0' &&
    process.getuid?.() === 0 &&
    spawnSync('unshare', ['--version']).status === 0;
  const work = mkdtempSync(join(tmpdir(), 'sct-bench-'));
  try {
    const native = buildNative(work);
    if (!native) return true;
    console.log(
      `\nengine/native, ${pairs} pairs of ${seconds} s per order, ` +
        (isolate
          ? `each pair in a fresh network namespace after a ${pause} s pause`
          : 'in this network namespace (fresh ports each pair)') +
        (isolate ? ' (BENCH_NETNS=0: in this one)' : ''),
    );
    let port = 61100 + Math.floor(Math.random() * 1500) * 2;
    const table = [];
    for (const mode of modes) {
      const ratios = [];
      const rates = { engine: [], native: [] };
      for (let i = 1; i <= pairs; i++) {
        if (isolate) await sleep(pause);
        const pair = runPair({
          mode,
          seconds,
          isolate,
          cli,
          native,
          work,
          index: i,
          port: isolate ? 61100 : port,
        });
        port += 2;
        const ratio = pair.engine / pair.native;
        ratios.push(ratio);
        rates.engine.push(pair.engine);
        rates.native.push(pair.native);
        console.log(
          `  ${mode.padEnd(12)} pair ${i}: engine ${Math.round(pair.engine)}/s, native ${Math.round(pair.native)}/s, ratio ${ratio.toFixed(2)}`,
        );
      }
      table.push({ mode, ratios, rates });
    }
    console.log('\norder         median ratio  spread (min-max)  engine /s  native /s   (medians)');
    for (const { mode, ratios, rates } of table) {
      console.log(
        `${mode.padEnd(13)} ${median(ratios).toFixed(2).padStart(12)}  ` +
          `${`${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`.padStart(16)}  ` +
          `${String(Math.round(median(rates.engine))).padStart(9)}  ${String(Math.round(median(rates.native))).padStart(9)}`,
      );
    }
    return true;
  } catch (error) {
    console.log(error.message);
    return false;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// `node scripts/bench-compare.mjs`: the comparison alone, on the command line already built.
if (import.meta.url === `file://${process.argv[1]}`) process.exit((await compareWithNative()) ? 0 : 1);
