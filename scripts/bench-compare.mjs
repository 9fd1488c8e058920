// The engine against a plain C loop (test/bench/refloop.c), as ratios engine/native measured side
// by side. A ratio of 1.00 means as fast as plain blocking sockets in C. Beside them, by default,
// the plainest loop node:net allows (test/bench/floor-loop.mjs): what any engine built on node:net
// can reach here, so the engine's own overhead (engine/floor) reads apart from node:net's.
//
// On a busy machine an absolute rate says little, so the loops run in sets, one right after the
// other, and only each set's ratios count. As root, each set runs in a fresh network namespace
// (every port in it): each loop starts from an empty TIME_WAIT table of the set's own, and none
// meets what other programs left in the machine's. Which loop runs first moves on from set to
// set, since a later one finds the earlier ones' TIME_WAIT entries. Tearing a namespace down that
// holds tens of thousands of TIME_WAIT entries keeps the kernel busy for a while, so each set
// waits before it starts. Five seconds a loop by default: a Node loop's first second runs slower
// while its code is being compiled, which a plain C loop never does, and a run lasts a minute
// unless told otherwise.
//
// Environment: BENCH_SECONDS (5) per loop, BENCH_PAIRS (5) sets per order, BENCH_PAUSE (3)
// seconds before each set, BENCH_MODES (any,client,server,simultaneous,graceful), BENCH_NETNS=0
// to run in the machine's own namespace (fresh ports each set), BENCH_FLOOR=0 to leave the
// node:net floor out, BENCH_CLI for another built command line.
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

/**
 * One set, each loop right after the other: the engine's rate, the native loop's and, with `floor`,
 * the plainest node:net loop's (test/bench/floor-loop.mjs), in connects per second. The loop that
 * goes first moves on by one each set.
 */
function runSet({ mode, seconds, isolate, cli, native, floor, work, index, port }) {
  const json = join(work, `set${index}.json`);
  const log = join(work, `set${index}.log`);
  const loops = [
    `${quote(process.execPath)} ${quote(cli)} ${mode} --duration ${seconds} --port ${port} --json ${quote(json)} --force >${quote(log)} 2>&1`,
    `${quote(native)} ${mode} ${seconds} ${port + 1} | sed 's/^/native /'`,
  ];
  if (floor)
    loops.push(
      `${quote(process.execPath)} ${quote(floor)} ${mode} ${seconds} ${port + 2} | sed 's/^/floor /'`,
    );
  const first = index % loops.length;
  const all = [...loops.slice(first), ...loops.slice(0, first)].join(' && ');
  const script = isolate ? `ip link set lo up && ${all}` : all;
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
    throw new Error(`set ${index} of ${mode} failed:\n${tail}\n${run.stderr}`);
  }
  const result = JSON.parse(readFileSync(json, 'utf8'));
  const rate = (name) => Number(new RegExp(`^${name} .*rate=(\\d+)`, 'm').exec(run.stdout)?.[1] ?? NaN);
  const set = { engine: result.connections / (result.elapsedMs / 1000), native: rate('native') };
  if (floor) set.floor = rate('floor');
  if (!Object.values(set).every((r) => r > 0)) throw new Error(`set ${index} of ${mode} measured nothing`);
  return set;
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
  const floor = process.env.BENCH_FLOOR === '0' ? null : resolve('test/bench/floor-loop.mjs');
  const work = mkdtempSync(join(tmpdir(), 'sct-bench-'));
  try {
    const native = buildNative(work);
    if (!native) return true;
    console.log(
      `\n${floor ? 'engine, node:net floor and native' : 'engine and native'}, ${pairs} sets of ${seconds} s per order, ` +
        (isolate
          ? `each set in a fresh network namespace after a ${pause} s pause (BENCH_NETNS=0: in this one)`
          : 'in this network namespace (fresh ports each set)'),
    );
    let port = 61100 + Math.floor(Math.random() * 1000) * 3;
    const table = [];
    for (const mode of modes) {
      const sets = [];
      for (let i = 1; i <= pairs; i++) {
        if (isolate) await sleep(pause);
        const set = runSet({
          mode,
          seconds,
          isolate,
          cli,
          native,
          floor,
          work,
          index: i,
          port: isolate ? 61100 : port,
        });
        port += 3;
        sets.push(set);
        console.log(
          `  ${mode.padEnd(12)} set ${i}: engine ${Math.round(set.engine)}/s, native ${Math.round(set.native)}/s, ` +
            `ratio ${(set.engine / set.native).toFixed(2)}` +
            (floor
              ? `; floor ${Math.round(set.floor)}/s, floor/native ${(set.floor / set.native).toFixed(2)}`
              : ''),
        );
      }
      table.push({ mode, sets });
    }
    const ratios = (sets, of) => sets.map((set) => set[of] / set.native);
    const spread = (values) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
    const rate = (sets, of) => String(Math.round(median(sets.map((set) => set[of])))).padStart(9);
    console.log(
      '\norder         engine/native  spread     ' +
        (floor ? 'floor/native  spread     engine/floor  ' : '') +
        'engine /s  native /s' +
        (floor ? '  floor /s' : '') +
        '   (medians)',
    );
    for (const { mode, sets } of table) {
      const engine = ratios(sets, 'engine');
      let line = `${mode.padEnd(13)} ${median(engine).toFixed(2).padStart(13)}  ${spread(engine).padEnd(9)}  `;
      if (floor) {
        const floors = ratios(sets, 'floor');
        const own = sets.map((set) => set.engine / set.floor);
        line += `${median(floors).toFixed(2).padStart(12)}  ${spread(floors).padEnd(9)}  ${median(own).toFixed(2).padStart(12)}  `;
      }
      line += `${rate(sets, 'engine')}  ${rate(sets, 'native')}`;
      if (floor) line += ` ${rate(sets, 'floor')}`;
      console.log(line);
    }
    if (floor) {
      console.log(
        '\nfloor: the plainest node:net loop in each order (test/bench/floor-loop.mjs). engine/floor near 1 means the\n' +
          "engine adds little of its own, and what separates it from native is node:net's cost per connection.",
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
