import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Fact, PortRange, SystemInfo } from '../../shared/types';
import { runTool } from './netstat/system-tool';
import { readExhaustionEvents } from '../watch/exhaustion-events';

export interface MachineFactsOptions {
  appVersion: string;
  /** Electron's version when running in the app. */
  electronVersion?: string | null;
}

/** The facts that depend on the platform, each with where it came from. */
type PlatformFacts = Pick<
  SystemInfo,
  'osName' | 'ephemeralRange' | 'excludedRanges' | 'timeWaitDelay' | 'twReuse' | 'exhaustionEvents'
>;

/** The machine a result comes from. Never throws: a fact that cannot be read says so. */
export async function readMachineFacts(options: MachineFactsOptions): Promise<SystemInfo> {
  const platform = os.platform();
  const facts =
    platform === 'linux'
      ? await linuxFacts()
      : platform === 'win32'
        ? await windowsFacts()
        : platform === 'darwin'
          ? await macosFacts()
          : { osName: fallbackOsName() };
  return {
    platform,
    release: os.release(),
    hostname: os.hostname(),
    arch: os.arch(),
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    nodeVersion: process.versions.node,
    electronVersion: options.electronVersion ?? process.versions.electron ?? null,
    appVersion: options.appVersion,
    ...facts,
  };
}

// TIME_WAIT's length is read by the window too (to say how long a Run all can take), so it lives in shared.
export { timeWaitSeconds, WINDOWS_DEFAULT_TIME_WAIT_SECONDS } from '../../shared/run-all-time';

// Linux -----------------------------------------------------------------------------------------

const PROC_PORT_RANGE = '/proc/sys/net/ipv4/ip_local_port_range';
const PROC_RESERVED = '/proc/sys/net/ipv4/ip_local_reserved_ports';
const PROC_TW_REUSE = '/proc/sys/net/ipv4/tcp_tw_reuse';

async function linuxFacts(): Promise<PlatformFacts> {
  const [osName, ephemeralRange, excludedRanges, twReuse] = await Promise.all([
    readFile('/etc/os-release', 'utf8')
      .then((text) => /^PRETTY_NAME="?([^"\n]+)"?/m.exec(text)?.[1] ?? fallbackOsName())
      .catch(() => fallbackOsName()),
    readProcFact(PROC_PORT_RANGE, parseLinuxPortRange),
    readProcFact(PROC_RESERVED, parseLinuxReservedPorts),
    readProcFact(PROC_TW_REUSE, parseWholeNumber),
  ]);
  return {
    osName: `${osName}, kernel ${os.release()}`,
    ephemeralRange,
    excludedRanges,
    timeWaitDelay: { value: '60 s', source: 'fixed in the Linux kernel (TCP_TIMEWAIT_LEN)' },
    twReuse,
  };
}

/** One fact from a file: its value, or why it could not be read. */
export async function readProcFact<T>(path: string, parse: (text: string) => T | null): Promise<Fact<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return {
      value: null,
      source: path,
      error: `${path} could not be read (${(error as NodeJS.ErrnoException).code}).`,
    };
  }
  const value = parse(text);
  if (value === null)
    return {
      value: null,
      source: path,
      error: `${path} holds something unexpected: "${text.trim().slice(0, 80)}".`,
    };
  return { value, source: path };
}

/** `32768\t60999` */
export function parseLinuxPortRange(text: string): PortRange | null {
  const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  return match ? portRange(Number(match[1]), Number(match[2])) : null;
}

/** `` (none) or `8080,9000-9100` */
export function parseLinuxReservedPorts(text: string): PortRange[] | null {
  const ranges: PortRange[] = [];
  for (const part of text.trim().split(',')) {
    if (part === '') continue;
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    const range = match ? portRange(Number(match[1]), Number(match[2] ?? match[1])) : null;
    if (!range) return null;
    ranges.push(range);
  }
  return ranges;
}

function parseWholeNumber(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

// Windows ---------------------------------------------------------------------------------------

const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
const TCPIP_PARAMETERS = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';
const NETSH_DYNAMIC = 'netsh int ipv4 show dynamicport tcp';
const NETSH_EXCLUDED = 'netsh int ipv4 show excludedportrange protocol=tcp';

async function windowsFacts(): Promise<PlatformFacts> {
  const [version, dynamic, excluded, tcpip, exhaustionEvents] = await Promise.all([
    run('reg', ['query', CURRENT_VERSION]),
    run('netsh', NETSH_DYNAMIC.split(' ').slice(1)),
    run('netsh', NETSH_EXCLUDED.split(' ').slice(1)),
    // The whole key, not /v TcpTimedWaitDelay: reg fails the same way for a missing value and a
    // missing key, and only a missing value means "default".
    run('reg', ['query', TCPIP_PARAMETERS]),
    // Never rejects: a log that cannot be read is a sentence in the answer, not a failed read.
    readExhaustionEvents(),
  ]);
  return {
    osName: typeof version === 'string' ? windowsOsName(parseRegQuery(version)) : fallbackOsName(),
    ephemeralRange: fromOutput(dynamic, NETSH_DYNAMIC, parseNetshDynamicPort),
    excludedRanges: fromOutput(excluded, NETSH_EXCLUDED, parseNetshExcludedRanges),
    timeWaitDelay: fromOutput(tcpip, `registry ${TCPIP_PARAMETERS}\\TcpTimedWaitDelay`, parseTimedWaitDelay),
    exhaustionEvents,
  };
}

/** Values of a `reg query KEY` listing: `    Name    REG_TYPE    data`; subkeys are left out. */
export function parseRegQuery(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (match) values.set(match[1]!, match[3] ?? '');
  }
  return values;
}

/** "Windows 11 Pro 23H2 (build 22631.4460)". ProductName still says Windows 10 on Windows 11. */
export function windowsOsName(values: Map<string, string>): string {
  const build = Number(values.get('CurrentBuild') ?? values.get('CurrentBuildNumber'));
  let product = values.get('ProductName') ?? fallbackOsName();
  if (build >= 22000) product = product.replace(/^Windows 10\b/, 'Windows 11');
  const display = values.get('DisplayVersion') ?? values.get('ReleaseId');
  const ubr = values.get('UBR');
  const revision = ubr ? `.${Number(ubr)}` : '';
  return `${product}${display ? ` ${display}` : ''}${build ? ` (build ${build}${revision})` : ''}`;
}

/** `Start Port : 49152` then `Number of Ports : 16384`; the labels may be translated, the order is not. */
export function parseNetshDynamicPort(text: string): PortRange | null {
  const numbers = [...text.matchAll(/:\s*(\d+)\s*$/gm)].map((m) => Number(m[1]));
  if (numbers.length < 2) return null;
  return portRange(numbers[0]!, numbers[0]! + numbers[1]! - 1);
}

/** Rows of two numbers (`50000  50059  *`, the star marking an administered exclusion). */
export function parseNetshExcludedRanges(text: string): PortRange[] | null {
  const ranges: PortRange[] = [];
  let ruled = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*-{3,}/.test(line)) ruled = true;
    const match = /^\s*(\d+)\s+(\d+)(?:\s+\*)?\s*$/.exec(line);
    const range = match ? portRange(Number(match[1]), Number(match[2])) : null;
    if (range) ranges.push(range);
  }
  return ruled || ranges.length > 0 ? ranges : null;
}

/** TcpTimedWaitDelay in seconds (`0x1e`), or "default" when the key holds no such value. */
export function parseTimedWaitDelay(text: string): string | null {
  const values = parseRegQuery(text);
  if (values.size === 0 && !/HKEY_/i.test(text)) return null;
  const raw = values.get('TcpTimedWaitDelay');
  if (raw === undefined) return 'default';
  const seconds = Number(raw.trim());
  return Number.isFinite(seconds) ? `${seconds} s` : null;
}

// macOS -----------------------------------------------------------------------------------------

async function macosFacts(): Promise<PlatformFacts> {
  const [swVers, range, msl] = await Promise.all([
    run('sw_vers', []),
    run('sysctl', ['-n', 'net.inet.ip.portrange.first', 'net.inet.ip.portrange.last']),
    run('sysctl', ['-n', 'net.inet.tcp.msl']),
  ]);
  return {
    osName: typeof swVers === 'string' ? macosOsName(swVers) : fallbackOsName(),
    ephemeralRange: fromOutput(range, 'sysctl net.inet.ip.portrange.first/last', (text) => {
      const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
      return match ? portRange(Number(match[1]), Number(match[2])) : null;
    }),
    timeWaitDelay: fromOutput(msl, 'sysctl net.inet.tcp.msl (TIME_WAIT lasts twice the MSL)', (text) => {
      const ms = Number(text.trim());
      return text.trim() !== '' && Number.isFinite(ms) ? `${(2 * ms) / 1000} s` : null;
    }),
  };
}

/** `ProductName: macOS`, `ProductVersion: 14.5`, `BuildVersion: 23F79` → "macOS 14.5 (build 23F79)". */
export function macosOsName(text: string): string {
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim();
  const name = [field('ProductName'), field('ProductVersion')].filter(Boolean).join(' ') || fallbackOsName();
  const build = field('BuildVersion');
  return build ? `${name} (build ${build})` : name;
}

// Shared ----------------------------------------------------------------------------------------

function portRange(start: number, end: number): PortRange | null {
  if (!(start >= 1 && end <= 65535 && start <= end)) return null;
  return { start, end, count: end - start + 1 };
}

function fallbackOsName(): string {
  return typeof os.version === 'function' ? os.version() : os.type();
}

/** A tool's output, or a sentence saying why there is none. */
class RunFailure {
  constructor(readonly message: string) {}
}

function fromOutput<T>(
  output: string | RunFailure,
  source: string,
  parse: (text: string) => T | null,
): Fact<T> {
  if (output instanceof RunFailure) return { value: null, source, error: output.message };
  // A tool can succeed and print nothing (netsh does under Wine): that is not "unexpected" output.
  if (output.trim() === '') return { value: null, source, error: `${source} answered nothing.` };
  const value = parse(output);
  if (value === null) return { value: null, source, error: `${source} answered something unexpected.` };
  return { value, source };
}

async function run(command: string, args: string[]): Promise<string | RunFailure> {
  const out = await runTool(command, args, 'latin1');
  if (out.ok) return out.stdout;
  if (out.reason === 'failed') return new RunFailure(`${command} ${args.join(' ')} failed: ${out.message}`);
  return new RunFailure(`${out.message}.`);
}
