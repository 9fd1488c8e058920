import { execFileSync } from 'node:child_process';

/**
 * Runs a shell script in a fresh network namespace with loopback up and Linux's default TCP
 * settings. Evidence gathered there (TIME_WAIT counts) is the test's own: the machine-wide
 * TIME_WAIT table, which other programs fill, is not shared with it.
 */
export function inFreshNamespace(script: string, timeoutMs = 60_000): string {
  return execFileSync('unshare', ['--net', 'sh', '-c', `ip link set lo up && ${script}`], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 1 << 26,
  });
}
