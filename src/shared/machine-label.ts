/**
 * A machine named the same way everywhere: the window's results columns, the Markdown table and the
 * diagnostics bundle.
 */
import type { SystemInfo } from './types';

/** The system's name, e.g. "Windows 11 Pro (build 22631)" or "Debian GNU/Linux 12 (bookworm)". */
export function osLabel(system: SystemInfo): string {
  let name = system.osName.trim();
  // os.version() on Linux is the kernel's build string ("#1 SMP PREEMPT_DYNAMIC ..."), not a name.
  if (name === '' || name.startsWith('#')) {
    const platform =
      { win32: 'Windows', linux: 'Linux', darwin: 'macOS' }[system.platform] ?? system.platform;
    name = `${platform} ${system.release}`.trim();
  }
  if (system.platform === 'win32' && !/build/i.test(name)) {
    const build = /^\d+\.\d+\.(\d+)/.exec(system.release)?.[1];
    if (build) name += ` (build ${build})`;
  }
  return name;
}

/**
 * The name of a machine's column: its system and host name, e.g.
 * "Windows 11 Pro (build 22631) on DESKTOP-7Q2" or "Debian GNU/Linux 12 on build-box".
 */
export function machineLabel(system: SystemInfo): string {
  const host = system.hostname.trim();
  const label = host ? `${osLabel(system)} on ${host}` : osLabel(system);
  return system.emulation ? `${label} (emulated)` : label;
}
