/**
 * Windows' connection table for the watch: `netstat -ano` for IPv4 and IPv6 (the PID column gives
 * each connection's owner), program names from `tasklist`, and the System log's port-exhaustion
 * events. netstat writes in the console's code page (German: CP850) and translates its states;
 * decodeTable and the state names of the test's own netstat reader handle both.
 */
import type { ExhaustionEvents } from '../../shared/watch';
import { decodeTable, windowsConsoleCodePage } from '../engine/netstat/decode';
import { TableUnavailable } from '../engine/netstat/live-tables';
import { decodeConsoleText } from './console-text';
import { readExhaustionEvents } from './exhaustion-events';
import { newAnoParser, newConnectionRow, parseNetstatAno, type AnoReport } from './parse-netstat-ano';
import { parseTasklist } from './parse-tasklist';
import type { ConnectionRow, TableReadInfo, TableSource } from './table-source';
import { TextCache } from './text-cache';
import { runSystemTool, type ToolRunner } from './tool-runner';

export interface WindowsSourceOptions {
  /** Runs netstat, tasklist and wevtutil; tests stand in captured output. */
  run?: ToolRunner;
  /** The console's code page; asked of `chcp` once per process by default. */
  codePage?: () => Promise<number>;
  nowMs?: () => number;
}

/** 100,000 rows of netstat -ano are about 9 MB. */
const MAX_OUTPUT = 256 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
/** tasklist takes a few hundred milliseconds: asked again only for a PID it has not named, this often at most. */
const NAMES_REFRESH_MS = 5_000;
/** The System log is read again after this long; in between the last answer stands. */
const EVENTS_REFRESH_MS = 60_000;
/** Names kept between polls: a machine has a few hundred processes; a cap all the same. */
const MAX_NAMES = 20_000;

export const WINDOWS_SOURCE = 'netstat -ano -p TCP, netstat -ano -p TCPv6';

export function windowsSource(options: WindowsSourceOptions = {}): TableSource {
  const run = options.run ?? runSystemTool;
  const codePage = options.codePage ?? (() => windowsConsoleCodePage('win32'));
  const nowMs = options.nowMs ?? Date.now;
  const addresses = new TextCache();
  const row = newConnectionRow();
  let names = new Map<number, string | null>();
  let namesReadMs = -Infinity;
  let namesNote: string | null = null;
  let events: { atMs: number; value: ExhaustionEvents } | null = null;

  const netstat = async (protocol: 'TCP' | 'TCPv6'): Promise<Buffer | string> => {
    const out = await run('netstat', ['-ano', '-p', protocol], {
      timeoutMs: TIMEOUT_MS,
      maxBuffer: MAX_OUTPUT,
    });
    if (out.ok) return out.stdout;
    return out.reason === 'failed' ? `netstat failed (${out.message})` : out.message;
  };

  const readNames = async (page: number): Promise<void> => {
    namesReadMs = nowMs();
    const out = await run('tasklist', ['/fo', 'csv', '/nh'], {
      timeoutMs: TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (!out.ok) {
      namesNote = `Program names could not be read (${out.message}): programs are shown by their process id.`;
      return;
    }
    const fresh = new Map<number, string | null>();
    parseTasklist(decodeConsoleText(out.stdout, page), fresh);
    if (fresh.size === 0) {
      namesNote =
        'Program names could not be read (tasklist listed no programs): programs are shown by their process id.';
      return;
    }
    if (fresh.size > MAX_NAMES) return;
    names = fresh;
    namesNote = null;
  };

  return {
    async read(visit: (row: ConnectionRow) => void): Promise<TableReadInfo> {
      const page = await codePage();
      const firstNames = namesReadMs === -Infinity ? readNames(page) : null;
      const [v4, v6] = await Promise.all([netstat('TCP'), netstat('TCPv6')]);
      if (typeof v4 === 'string') {
        await firstNames;
        throw new TableUnavailable(`The connection table could not be read: ${v4}.`);
      }
      let unknownPid = false;
      const visitRow = (r: ConnectionRow): void => {
        if (r.pid !== null && !unknownPid && !names.has(r.pid)) unknownPid = true;
        visit(r);
      };
      const report = parseBytes(v4, 4, page, addresses, row, visitRow);
      if (!report.header && report.rows === 0 && report.skipped > 0) {
        await firstNames;
        throw new TableUnavailable(
          'The connection table could not be read: netstat answered something that is not one.',
        );
      }
      let source = WINDOWS_SOURCE;
      if (typeof v6 === 'string') source = `netstat -ano -p TCP (IPv6 could not be read: ${v6})`;
      else {
        const v6Report = parseBytes(v6, 6, page, addresses, row, visitRow);
        report.rows += v6Report.rows;
        report.withPid += v6Report.withPid;
      }
      await firstNames;
      if (firstNames === null && unknownPid && nowMs() - namesReadMs >= NAMES_REFRESH_MS)
        await readNames(page);
      if (report.rows > 0 && report.withPid === 0) {
        return {
          source,
          ownersAvailable: false,
          ownersNote: 'Owners are not available on this system: netstat did not list process ids.',
          names: new Map(),
        };
      }
      return { source, ownersAvailable: true, ownersNote: namesNote, names };
    },

    async exhaustionEvents(): Promise<ExhaustionEvents> {
      const now = nowMs();
      if (events && now - events.atMs < EVENTS_REFRESH_MS) return events.value;
      const value = await readExhaustionEvents({ run, codePage, nowMs });
      events = { atMs: now, value };
      return value;
    },
  };
}

function parseBytes(
  bytes: Buffer,
  family: 4 | 6,
  page: number,
  addresses: TextCache,
  row: ConnectionRow,
  visit: (row: ConnectionRow) => void,
): AnoReport {
  const decoded = decodeTable(bytes, page);
  // The state names are resolved per read (a dozen lookups): how they decode follows this output.
  const parser = { ...newAnoParser(decoded.stateName), addresses };
  return parseNetstatAno(decoded.text, parser, row, visit, family);
}
