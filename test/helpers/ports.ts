import { execFileSync } from 'node:child_process';

/** Counts TCP entries with an ss filter, e.g. `state time-wait`, `sport = :61000`. */
export function ssCount(state: string, filter: string): number {
  const out = execFileSync('ss', ['-Htan', 'state', state, filter], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.split('\n').filter((line) => line.trim() !== '').length;
}

/** Anything at all listed for a port, either side. */
export function anyOnPort(port: number): number {
  return ssCount('all', `( sport = :${port} or dport = :${port} )`);
}

/**
 * A port in [from, to) with nothing listed for it: TIME_WAIT of an earlier run on the same port
 * lasts 60 s and would mix with this run's evidence.
 */
export function freshPort(from: number, to: number): number {
  for (let i = 0; i < 200; i++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (anyOnPort(port) === 0) return port;
  }
  throw new Error(`no port without connections between ${from} and ${to}`);
}
