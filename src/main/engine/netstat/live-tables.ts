/**
 * Reading this machine's connection table, once, into a counter. Linux reads /proc directly (no
 * process to start: the fastest source), with `ss` as the fallback; Windows and macOS run netstat.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Family, TableCounter } from './count';
import { decodeTable, windowsConsoleCodePage } from './decode';
import { parseLinuxProc } from './parse-linux-proc';
import { parseLinuxSs } from './parse-linux-ss';
import { parseMacos } from './parse-macos';
import type { ParseReport } from './parse-report';
import { parseWindows } from './parse-windows';

/** A table read and counted, and the name of where it came from. */
export interface TableRead {
  report: ParseReport;
  source: string;
}

/** What went wrong, in a sentence a person can read. */
export class TableUnavailable extends Error {}

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
      windowsConsoleCodePage(),
      run('netstat', ['-an', '-p', protocol]),
    ]);
    const decoded = decodeTable(output, codePage);
    return {
      report: parseWindows(decoded.text, decoded.stateName, counter),
      source: `netstat -an -p ${protocol}`,
    };
  }
  if (platform === 'darwin') {
    const output = await run('netstat', ['-an', '-p', 'tcp']);
    return { report: parseMacos(output.toString('latin1'), counter), source: 'netstat -an -p tcp' };
  }
  throw new TableUnavailable(`Counting connections is not supported on ${platform}.`);
}

async function readLinux(family: Family, counter: TableCounter): Promise<TableRead> {
  const primary = family === 6 ? '/proc/net/tcp6' : '/proc/net/tcp';
  const other = family === 6 ? '/proc/net/tcp' : '/proc/net/tcp6';
  // Both tables: the test port's halves come from its family, but the ephemeral ports are shared.
  const [main, second] = await Promise.allSettled([readFile(primary), readFile(other)]);
  if (main.status === 'fulfilled') {
    const report = parseLinuxProc(main.value, counter);
    if (report.header || report.rows > 0) {
      if (second.status === 'fulfilled') parseLinuxProc(second.value, counter);
      return { report, source: second.status === 'fulfilled' ? `${primary}, ${other}` : primary };
    }
  }
  const output = await run('ss', ['-tan']).catch((error: unknown) => {
    const why = main.status === 'rejected' ? ` and ${primary} could not be read` : '';
    throw new TableUnavailable(`${(error as Error).message}${why}.`);
  });
  return { report: parseLinuxSs(output.toString('latin1'), counter), source: 'ss -tan' };
}

/** Runs a tool without a console window (windowsHide: otherwise each poll flashes one). */
function run(command: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { encoding: 'buffer', windowsHide: true, maxBuffer: MAX_OUTPUT, timeout: TIMEOUT_MS },
      (error, stdout) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') reject(new TableUnavailable(`${command} was not found`));
        else if (error.killed)
          reject(new TableUnavailable(`${command} did not answer within ${TIMEOUT_MS / 1000} s`));
        else reject(new TableUnavailable(`${command} failed (${error.message.split('\n')[0]})`));
      },
    );
  });
}
