/** Rows for the watch model's unit tests: a table written as text, fed through one reused row object. */
import type { ConnectionRow, TableReadInfo } from '../../../src/main/watch/table-source';
import type { WatchModel } from '../../../src/main/watch/model';
import type { WatchPoll } from '../../../src/shared/watch';
import type { TcpState } from '../../../src/shared/types';

export interface Row {
  local: string;
  remote: string;
  state: TcpState | 'LISTEN';
  pid?: number | null;
}

/** "127.0.0.1:5432" or "[::1]:5432" into address and port. */
function split(endpoint: string): [string, number] {
  const at = endpoint.lastIndexOf(':');
  let address = endpoint.slice(0, at);
  if (address.startsWith('[')) address = address.slice(1, -1);
  return [address, Number(endpoint.slice(at + 1))];
}

export const info = (names: [number, string | null][] = []): TableReadInfo => ({
  source: 'test rows',
  ownersAvailable: true,
  ownersNote: null,
  names: new Map(names),
});

/** One poll: every row through the visitor with the same object, as the readers do. */
export function poll(model: WatchModel, rows: readonly Row[], nowMs: number, readInfo = info()): WatchPoll {
  const visit = model.begin();
  const row: ConnectionRow = {
    family: 4,
    localAddress: '',
    localPort: 0,
    remoteAddress: '',
    remotePort: 0,
    state: 'ESTABLISHED',
    pid: null,
  };
  for (const r of rows) {
    const [localAddress, localPort] = split(r.local);
    const [remoteAddress, remotePort] = split(r.remote);
    row.family = localAddress.includes(':') ? 6 : 4;
    row.localAddress = localAddress;
    row.localPort = localPort;
    row.remoteAddress = remoteAddress;
    row.remotePort = remotePort;
    row.state = r.state;
    row.pid = r.pid ?? null;
    visit(row);
  }
  return model.end(readInfo, { pollMs: 1, nowMs });
}

/** A loopback connection as the table shows it: the client's half and the server's half. */
export function loopback(
  clientPort: number,
  serverPort: number,
  state: TcpState = 'ESTABLISHED',
  pids: [number | null, number | null] = [null, null],
): Row[] {
  return [
    { local: `127.0.0.1:${clientPort}`, remote: `127.0.0.1:${serverPort}`, state, pid: pids[0] },
    { local: `127.0.0.1:${serverPort}`, remote: `127.0.0.1:${clientPort}`, state, pid: pids[1] },
  ];
}
