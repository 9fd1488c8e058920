/**
 * Windows' port exhaustion on the Linux kernel, for a browser run: a narrow ephemeral port range,
 * and a port in TIME_WAIT not handed out again before TIME_WAIT's length as the controller is told
 * to assume it (tcp_tw_reuse 1 with tcp_tw_reuse_delay at that length: Linux's own TIME_WAIT is a
 * fixed minute, which would make every wait of a Run all a minute long). So client first runs out
 * of ports as on Windows, and a close order after it starts on ports free again, as on Windows
 * after its TIME_WAIT.
 *
 * Only on Linux, as root, in a network namespace with loopback alone (npm test, as root, runs in
 * one of its own): the settings belong to that namespace, and are put back at the end.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const SYSCTL = '/proc/sys/net/ipv4/';
export const EMULATED_RANGE = { start: 50000, end: 50063 };

export interface Emulation {
  /** What the machine facts say about it. */
  description: string;
  restore(): void;
}

/** Why the run cannot imitate Windows here, or null when it can. */
export function emulationUnavailable(): string | null {
  if (process.platform !== 'linux')
    return `this is ${process.platform}: the walk runs on the machine as it is`;
  if (process.getuid?.() !== 0) return 'not root: the network settings cannot be changed';
  // A namespace made for the tests has loopback alone; the machine's own has its network cards.
  let devices: string[];
  try {
    devices = readFileSync('/proc/net/dev', 'utf8')
      .split('\n')
      .slice(2)
      .map((line) => line.split(':')[0]!.trim())
      .filter(Boolean);
  } catch {
    return 'the network devices cannot be listed';
  }
  if (devices.some((d) => d !== 'lo'))
    return `a network namespace with ${devices.join(', ')}: the machine's own, whose settings are not the test's to change`;
  return null;
}

export function emulateWindows(timeWaitSeconds: number): Emulation | null {
  if (emulationUnavailable()) return null;
  const settings: Record<string, string> = {
    ip_local_port_range: `${EMULATED_RANGE.start} ${EMULATED_RANGE.end}`,
    tcp_tw_reuse: '1',
    tcp_tw_reuse_delay: String(timeWaitSeconds * 1000),
  };
  const before = Object.fromEntries(
    Object.keys(settings).map((name) => [name, readFileSync(SYSCTL + name, 'utf8').trim()]),
  );
  for (const [name, value] of Object.entries(settings)) writeFileSync(SYSCTL + name, `${value}\n`);
  return {
    description:
      `Windows-like ports in a Linux network namespace: ${EMULATED_RANGE.start}-${EMULATED_RANGE.end}, ` +
      `each held ${timeWaitSeconds} s in TIME_WAIT`,
    restore() {
      for (const [name, value] of Object.entries(before)) writeFileSync(SYSCTL + name, `${value}\n`);
    },
  };
}
