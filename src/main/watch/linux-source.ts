/**
 * The machine's connections on Linux, from /proc/net/tcp and /proc/net/tcp6 (no program to start:
 * the fastest source), with each connection's owner from /proc/<pid>/fd. One row object is reused
 * for every row; addresses are cached strings.
 */
import { performance } from 'node:perf_hooks';
import type { TcpState } from '../../shared/types';
import { readProcTable } from '../engine/netstat/read-proc';
import { UserError } from '../user-error';
import { LinuxOwners } from './linux-owners';
import { parseProcRows, ProcRows } from './parse-proc-rows';
import { ProcAddresses } from './proc-addresses';
import { dropRepeatedRows } from './repeated-rows';
import type { ConnectionRow, TableReadInfo, TableSource } from './table-source';

const TCP = '/proc/net/tcp';
const TCP6 = '/proc/net/tcp6';

/** Kernel state numbers (include/net/tcp_states.h) as the watch names them. */
const STATES: readonly (TcpState | 'LISTEN')[] = (() => {
  const table = new Array<TcpState | 'LISTEN'>(256).fill('OTHER');
  table[0x01] = 'ESTABLISHED';
  table[0x02] = 'SYN_SENT';
  table[0x03] = 'SYN_RECEIVED';
  table[0x04] = 'FIN_WAIT_1';
  table[0x05] = 'FIN_WAIT_2';
  table[0x06] = 'TIME_WAIT';
  // 0x07 TCP_CLOSE: bound, not connected.
  table[0x08] = 'CLOSE_WAIT';
  table[0x09] = 'LAST_ACK';
  table[0x0a] = 'LISTEN';
  table[0x0b] = 'CLOSING';
  table[0x0c] = 'SYN_RECEIVED'; // TCP_NEW_SYN_RECV: a connection request not yet accepted.
  return table;
})();

export interface LinuxSourceOptions {
  /**
   * Reads one table's bytes (valid until the next call); /proc's by default. The benchmark passes
   * captured tables here to time the watch's own work apart from the kernel's.
   */
  readTable?: (path: string) => Uint8Array;
}

export function linuxSource(options: LinuxSourceOptions = {}): TableSource {
  const readBytes = options.readTable ?? readProcTable;
  const rows = new ProcRows();
  const addresses = new ProcAddresses();
  const owners = new LinuxOwners();
  let pids = new Int32Array(1024);
  const row: ConnectionRow = {
    family: 4,
    localAddress: '',
    localPort: 0,
    remoteAddress: '',
    remotePort: 0,
    state: 'ESTABLISHED',
    pid: null,
  };
  return {
    read(visit) {
      return Promise.resolve().then(() => readRows(visit));
    },
  };

  function readRows(visit: (row: ConnectionRow) => void): TableReadInfo {
    addresses.trim();
    rows.clear();
    parseProcRows(readTable(readBytes, TCP, true)!, rows, addresses);
    const six = readTable(readBytes, TCP6, false);
    if (six) parseProcRows(six, rows, addresses);
    dropRepeatedRows(rows);

    const { length, inode } = rows;
    // Each row's owner is looked up once; only the rows still without one are looked up again
    // after a scan.
    if (pids.length < length) pids = new Int32Array(Math.max(length, pids.length * 2));
    let fresh = 0;
    let missing = 0;
    for (let i = 0; i < length; i++) {
      const node = inode[i]!;
      const pid = node === 0 ? 0 : owners.pidOf(node);
      pids[i] = pid;
      if (pid !== -1) continue;
      if (owners.isNew(node)) fresh++;
      else missing++;
    }
    const scanned = owners.refresh(fresh, missing, performance.now()) || owners.scanning;

    let unowned = 0;
    for (let i = 0; i < length; i++) {
      let found = pids[i]!;
      if (found === -1 && scanned) found = owners.pidOf(inode[i]!);
      const pid = found > 0 ? found : null;
      if (found === -1) {
        unowned++;
        if (scanned && !owners.scanning) owners.noteMissing(inode[i]!);
      }
      row.family = rows.family[i] === 6 ? 6 : 4;
      row.localAddress = addresses.text(rows.localAddress[i]!);
      row.localPort = rows.localPort[i]!;
      row.remoteAddress = addresses.text(rows.remoteAddress[i]!);
      row.remotePort = rows.remotePort[i]!;
      row.state = STATES[rows.state[i]!]!;
      row.pid = pid;
      visit(row);
    }
    return {
      source: six ? `${TCP}, ${TCP6}` : TCP,
      ownersAvailable: owners.available,
      ownersNote: ownersNote(owners, unowned),
      names: owners.allNames,
    };
  }
}

/** The table's bytes (valid until the next read); null for a missing IPv6 table (IPv6 turned off). */
function readTable(read: (path: string) => Uint8Array, path: string, required: boolean): Uint8Array | null {
  try {
    return read(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!required && code === 'ENOENT') return null;
    throw new UserError(`This computer's connections cannot be read: ${path} could not be opened (${code}).`);
  }
}

function ownersNote(owners: LinuxOwners, unowned: number): string | null {
  if (!owners.available) return 'The programs holding connections cannot be read on this system.';
  if (unowned === 0) return null;
  const connections = unowned === 1 ? '1 connection belongs' : `${unowned} connections belong`;
  if (owners.unreadable > 0) {
    return `${connections} to programs of other users, which only an administrator can see.`;
  }
  return `${connections} to programs that could not be found (they may have just ended).`;
}
