/**
 * Reading this machine's connection table, once, into a counter. Linux reads /proc directly (no
 * process to start: the fastest source), with `ss` as the fallback; Windows and macOS run netstat.
 */
import { performance } from 'node:perf_hooks';
import { PortSet, type Family, type TableCounter } from './count';
import { decodeTable, windowsConsoleCodePage } from './decode';
import { parseLinuxProc } from './parse-linux-proc';
import { parseLinuxSs } from './parse-linux-ss';
import { parseMacos } from './parse-macos';
import type { ParseReport } from './parse-report';
import { parseWindows } from './parse-windows';
import { readProcTable } from './read-proc';
import { runTool } from './system-tool';
import { UserError } from '../../user-error';

/** A table read and counted, and the name of where it came from. */
export interface TableRead {
  report: ParseReport;
  source: string;
}

/** What went wrong, in a sentence a person can read. */
export class TableUnavailable extends UserError {
  override name = 'TableUnavailable';
}

/** 30,000 rows of netstat are about 2.5 MB: far above execFile's default 1 MB limit. */
const MAX_OUTPUT = 256 * 1024 * 1024;
const TIMEOUT_MS = 10_000;

export async function readLiveTable(
  platform: NodeJS.Platform,
  family: Family,
  counter: TableCounter,
): Promise<TableRead> {
  if (platform === 'linux') return readLinux(family, counter);
  if (platform === 'win32') {
    const protocol = family === 6 ? 'TCPv6' : 'TCP';
    const [codePage, output] = await Promise.all([
      windowsConsoleCodePage('win32'),
      run('netstat', ['-an', '-p', protocol], platform),
    ]);
    const decoded = decodeTable(output, codePage);
    return {
      report: parseWindows(decoded.text, decoded.stateName, counter),
      source: `netstat -an -p ${protocol}`,
    };
  }
  if (platform === 'darwin') {
    const output = await run('netstat', ['-an', '-p', 'tcp'], platform);
    return { report: parseMacos(output.toString('latin1'), counter), source: 'netstat -an -p tcp' };
  }
  throw new TableUnavailable(`Counting connections is not supported on ${platform}.`);
}

async function readLinux(family: Family, counter: TableCounter): Promise<TableRead> {
  const primary = family === 6 ? '/proc/net/tcp6' : '/proc/net/tcp';
  const other = family === 6 ? '/proc/net/tcp' : '/proc/net/tcp6';
  let unreadable = '';
  try {
    const report = parseLinuxProc(readProcTable(primary), counter);
    if (report.header || report.rows > 0) {
      // The other family's ports too, when ephemeral ports are counted: both families share them.
      let source = primary;
      if (counter.countsEphemeral) {
        const ports = otherFamilyPorts(other);
        if (ports) {
          counter.addHeldPorts(ports);
          source = `${primary}, ${other}`;
        }
      }
      return { report, source };
    }
    unreadable = ` and ${primary} held no table`;
  } catch {
    unreadable = ` and ${primary} could not be read`;
  }
  const output = await run('ss', ['-tan'], 'linux').catch((error: unknown) => {
    throw new TableUnavailable(`${(error as Error).message}${unreadable}.`);
  });
  return { report: parseLinuxSs(output.toString('latin1'), counter), source: 'ss -tan' };
}

/**
 * Local ports held in the other address family's table, read at most every few seconds: the
 * kernel walks every connection of both families to write either table, so /proc/net/tcp6 costs
 * 10 ms with 30,000 IPv4 entries even when it lists none, while what it adds changes little
 * during a run on the other family. Null when the table cannot be read (IPv6 off).
 */
function otherFamilyPorts(path: string): Uint8Array | null {
  const now = performance.now();
  const cached = otherTables.get(path);
  if (cached && now - cached.readAt < OTHER_TABLE_MAX_AGE_MS) return cached.ports;
  let ports: Uint8Array | null = null;
  try {
    const set = new PortSet();
    parseLinuxProc(readProcTable(path), set);
    ports = set.ports;
  } catch {
    // Counted from the test family's table alone.
  }
  otherTables.set(path, { readAt: now, ports });
  return ports;
}

const OTHER_TABLE_MAX_AGE_MS = 5000;
const otherTables = new Map<string, { readAt: number; ports: Uint8Array | null }>();

/** The tool's output, or TableUnavailable saying why there is none. */
async function run(command: string, args: string[], platform: NodeJS.Platform): Promise<Buffer> {
  const out = await runTool(command, args, 'buffer', {
    platform,
    maxBuffer: MAX_OUTPUT,
    timeoutMs: TIMEOUT_MS,
  });
  if (out.ok) return out.stdout;
  throw new TableUnavailable(out.reason === 'failed' ? `${command} failed (${out.message})` : out.message);
}
