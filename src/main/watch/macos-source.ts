/**
 * macOS' connection table for the watch: `netstat -an -p tcp` for the connections and their
 * states (lsof lists no TIME_WAIT: no process holds one), and `lsof -nP -iTCP` for the owners
 * when it answers. Without administrator rights lsof names only the user's own programs; when it
 * fails, the counts stand and the owners are said to be unavailable.
 */
import { TableUnavailable } from '../engine/netstat/live-tables';
import { newConnectionRow } from './parse-netstat-ano';
import { newMacosParser, parseNetstatMacos } from './parse-netstat-macos';
import { ownerKey, parseLsof, type LsofOwners } from './parse-lsof';
import type { ConnectionRow, TableReadInfo, TableSource } from './table-source';
import { runSystemTool, type ToolRunner } from './tool-runner';

export interface MacosSourceOptions {
  /** Runs netstat and lsof; tests stand in captured output. */
  run?: ToolRunner;
}

const MAX_OUTPUT = 256 * 1024 * 1024;
const TIMEOUT_MS = 10_000;

export const MACOS_SOURCE = 'netstat -an -p tcp, lsof -nP -iTCP';

export function macosSource(options: MacosSourceOptions = {}): TableSource {
  const run = options.run ?? runSystemTool;
  const parser = newMacosParser();
  const row = newConnectionRow();

  const lsof = async (): Promise<LsofOwners | string> => {
    // +c 0: whole command names, not their first nine letters.
    const out = await run('lsof', ['-nP', '-iTCP', '+c', '0'], {
      timeoutMs: TIMEOUT_MS,
      maxBuffer: MAX_OUTPUT,
    });
    // lsof exits 1 when it lists nothing (or could not look): owners are then not available.
    if (out.ok) return parseLsof(out.stdout.toString('utf8'));
    return out.message;
  };

  return {
    async read(visit: (row: ConnectionRow) => void): Promise<TableReadInfo> {
      const [table, owners] = await Promise.all([
        run('netstat', ['-an', '-p', 'tcp'], { timeoutMs: TIMEOUT_MS, maxBuffer: MAX_OUTPUT }),
        lsof(),
      ]);
      if (!table.ok) {
        const why = table.reason === 'failed' ? `netstat failed (${table.message})` : table.message;
        throw new TableUnavailable(`The connection table could not be read: ${why}.`);
      }
      const known = typeof owners === 'string' || owners.rows === 0 ? null : owners;
      const lsofSaid = typeof owners === 'string' ? ` (${owners})` : '';
      // A dual-stack socket can be IPv6 to lsof and tcp4 to netstat (an IPv4 peer on a tcp46
      // listener): the other family is tried before the row is left without an owner.
      const owner = (family: 4 | 6, localPort: number, remotePort: number): number | null =>
        known?.pids.get(ownerKey(family, localPort, remotePort)) ??
        known?.pids.get(ownerKey(family === 4 ? 6 : 4, localPort, remotePort)) ??
        null;
      const report = parseNetstatMacos(table.stdout.toString('latin1'), parser, row, owner, visit);
      if (!report.header && report.rows === 0 && report.skipped > 0)
        throw new TableUnavailable(
          'The connection table could not be read: netstat answered something that is not one.',
        );
      if (known === null) {
        return {
          source: 'netstat -an -p tcp',
          ownersAvailable: false,
          ownersNote: `Owners are not available on this system: lsof did not list any programs${lsofSaid}.`,
          names: new Map(),
        };
      }
      return {
        source: MACOS_SOURCE,
        ownersAvailable: true,
        ownersNote: "Only your own programs are named: other users' programs show without an owner.",
        names: known.names,
      };
    },
  };
}
