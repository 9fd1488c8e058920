import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  macosOsName,
  parseLinuxPortRange,
  parseLinuxReservedPorts,
  parseNetshDynamicPort,
  parseNetshExcludedRanges,
  parseRegQuery,
  parseTimedWaitDelay,
  readMachineFacts,
  readProcFact,
  timeWaitSeconds,
  windowsOsName,
} from '../../../src/main/engine/machine-facts';

describe('machine facts on this machine', async () => {
  const facts = await readMachineFacts({ appVersion: '9.9.9' });

  it('records the base facts', () => {
    expect(facts).toMatchObject({
      platform: process.platform,
      release: os.release(),
      hostname: os.hostname(),
      appVersion: '9.9.9',
      electronVersion: null,
    });
    expect(facts.nodeVersion).toBe(process.versions.node);
    expect(facts.cpus).toBeGreaterThan(0);
    expect(facts.osName.trim()).not.toBe('');
  });
});

describe.runIf(process.platform === 'linux')('machine facts from /proc (Linux only)', async () => {
  const facts = await readMachineFacts({ appVersion: '9.9.9' });
  const procRange = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');

  it('names the kernel release after the distribution', () => {
    expect(facts.osName).toContain(`, kernel ${os.release()}`);
  });

  it('reads the ephemeral range from the kernel, with its source', () => {
    const [start, end] = procRange.trim().split(/\s+/).map(Number);
    expect(facts.ephemeralRange).toEqual({
      value: { start, end, count: end! - start! + 1 },
      source: '/proc/sys/net/ipv4/ip_local_port_range',
    });
  });

  it('reads tcp_tw_reuse and the reserved ports, each with its source', async () => {
    const reuse = Number(await readFile('/proc/sys/net/ipv4/tcp_tw_reuse', 'utf8'));
    expect(facts.twReuse).toEqual({ value: reuse, source: '/proc/sys/net/ipv4/tcp_tw_reuse' });
    expect(facts.excludedRanges?.source).toBe('/proc/sys/net/ipv4/ip_local_reserved_ports');
    expect(Array.isArray(facts.excludedRanges?.value)).toBe(true);
  });

  it('gives TIME_WAIT as 60 s, fixed by the kernel', () => {
    expect(facts.timeWaitDelay?.value).toBe('60 s');
    expect(facts.timeWaitDelay?.source).toMatch(/kernel/);
    expect(timeWaitSeconds(facts)).toBe(60);
  });
});

describe('a fact that cannot be read', () => {
  let dir = '';
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('says so, with its source, instead of failing', async () => {
    const fact = await readProcFact('/proc/sys/net/ipv4/no_such_setting', parseLinuxPortRange);
    expect(fact).toEqual({
      value: null,
      source: '/proc/sys/net/ipv4/no_such_setting',
      error: '/proc/sys/net/ipv4/no_such_setting could not be read (ENOENT).',
    });
  });

  it('says what it found when the content is not what was expected', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sct-facts-'));
    const file = path.join(dir, 'ip_local_port_range');
    await writeFile(file, 'not a range\n');
    const fact = await readProcFact(file, parseLinuxPortRange);
    expect(fact.value).toBeNull();
    expect(fact.error).toContain('"not a range"');
  });
});

describe('Linux settings text', () => {
  it('reads port ranges and reserved ports', () => {
    expect(parseLinuxPortRange('32768\t60999\n')).toEqual({ start: 32768, end: 60999, count: 28232 });
    expect(parseLinuxPortRange('60999 32768')).toBeNull();
    expect(parseLinuxReservedPorts('\n')).toEqual([]);
    expect(parseLinuxReservedPorts('8080,9000-9100\n')).toEqual([
      { start: 8080, end: 8080, count: 1 },
      { start: 9000, end: 9100, count: 101 },
    ]);
    expect(parseLinuxReservedPorts('8080,x')).toBeNull();
  });
});

describe('Windows tool output', () => {
  it('reads the dynamic port range whatever the labels say', () => {
    const english =
      '\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\nStart Port      : 49152\r\nNumber of Ports : 16384\r\n\r\n';
    const german =
      '\r\nProtokoll tcp Dynamischer Portbereich\r\n---------------------------------\r\nStartport        : 10000\r\nAnzahl der Ports : 1000\r\n';
    expect(parseNetshDynamicPort(english)).toEqual({ start: 49152, end: 65535, count: 16384 });
    expect(parseNetshDynamicPort(german)).toEqual({ start: 10000, end: 10999, count: 1000 });
    expect(parseNetshDynamicPort('The requested operation requires elevation.')).toBeNull();
  });

  it('reads excluded ranges, administered ones included, and an empty list', () => {
    const text = [
      '',
      'Protocol tcp Port Exclusion Ranges',
      '',
      'Start Port    End Port',
      '----------    --------',
      '      5357        5357',
      '     50000       50059     *',
      '',
      '* - Administered port exclusions.',
      '',
    ].join('\r\n');
    expect(parseNetshExcludedRanges(text)).toEqual([
      { start: 5357, end: 5357, count: 1 },
      { start: 50000, end: 50059, count: 60 },
    ]);
    expect(parseNetshExcludedRanges('Start Port    End Port\r\n----------    --------\r\n\r\n')).toEqual([]);
    expect(parseNetshExcludedRanges('Der Befehl wurde nicht gefunden.')).toBeNull();
  });

  const tcpip = (extra: string): string =>
    '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\r\n' +
    '    NV Hostname    REG_SZ    DESKTOP-7K2\r\n' +
    '    EnableICMPRedirect    REG_DWORD    0x1\r\n' +
    extra +
    '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Adapters\r\n';

  it('reads TcpTimedWaitDelay, or "default" when it is absent', () => {
    expect(parseTimedWaitDelay(tcpip('    TcpTimedWaitDelay    REG_DWORD    0x1e\r\n'))).toBe('30 s');
    expect(parseTimedWaitDelay(tcpip(''))).toBe('default');
    const windows = { platform: 'win32' } as Parameters<typeof timeWaitSeconds>[0];
    expect(timeWaitSeconds({ ...windows, timeWaitDelay: { value: '30 s', source: 'registry' } })).toBe(30);
    expect(timeWaitSeconds({ ...windows, timeWaitDelay: { value: 'default', source: 'registry' } })).toBe(
      240,
    );
    expect(
      timeWaitSeconds({ ...windows, platform: 'darwin', timeWaitDelay: { value: '30 s', source: 'sysctl' } }),
    ).toBe(30);
  });

  it('names Windows 11, which still calls itself Windows 10 in ProductName', () => {
    const values = parseRegQuery(
      '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\r\n' +
        '    ProductName    REG_SZ    Windows 10 Pro\r\n' +
        '    DisplayVersion    REG_SZ    23H2\r\n' +
        '    CurrentBuild    REG_SZ    22631\r\n' +
        '    UBR    REG_DWORD    0x112c\r\n',
    );
    expect(windowsOsName(values)).toBe('Windows 11 Pro 23H2 (build 22631.4396)');
  });
});

describe('macOS tool output', () => {
  it('names the system from sw_vers', () => {
    expect(macosOsName('ProductName:\t\tmacOS\nProductVersion:\t\t14.5\nBuildVersion:\t\t23F79\n')).toBe(
      'macOS 14.5 (build 23F79)',
    );
  });
});
