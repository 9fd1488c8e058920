/**
 * macOS `lsof -nP -iTCP +c 0`: the owners of TCP sockets, one a line,
 * `node  40123 alice  23u  IPv4 0x8f2c...  0t0  TCP 127.0.0.1:50000->127.0.0.1:5432 (ESTABLISHED)`.
 * lsof lists no TIME_WAIT (no process holds one) and, without administrator rights, only the
 * user's own processes; so it only says who owns what, and netstat gives the counts.
 */
import { forEachLine, lastIndexIn, newFields, portAt, splitFields } from '../engine/netstat/fields';
import { digitsAt } from './parse-netstat-ano';

/** Owners by connection: `ownerKey(family, localPort, remotePort)` to a PID, and names by PID. */
export interface LsofOwners {
  pids: Map<number, number>;
  names: Map<number, string>;
  rows: number;
  skipped: number;
}

/**
 * One number per connection: the family and both ports. Two connections with the same ports on
 * different local addresses share it (rare: different interfaces toward the same peer port); the
 * first listed owner is kept.
 */
export function ownerKey(family: 4 | 6, localPort: number, remotePort: number): number {
  return (family === 6 ? 0x1_0000_0000 : 0) + localPort * 65536 + remotePort;
}

const ARROW = 62; // '>' of "->"

export function parseLsof(text: string): LsofOwners {
  const owners: LsofOwners = { pids: new Map(), names: new Map(), rows: 0, skipped: 0 };
  const fields = newFields();
  const { starts, ends } = fields;
  forEachLine(text, (from, to) => {
    const n = splitFields(text, from, to, fields);
    if (n === 0) return;
    const pid = n > 1 ? digitsAt(text, starts[1]!, ends[1]!) : -1;
    if (pid < 0) {
      // The header ("COMMAND PID USER ...") is not a row; anything else unreadable is counted.
      if (!(n > 1 && text.startsWith('PID', starts[1]!))) owners.skipped++;
      return;
    }
    let k = 2;
    while (k < n && !(ends[k]! - starts[k]! === 3 && text.startsWith('TCP', starts[k]!))) k++;
    if (k + 1 >= n) return void owners.skipped++;
    let family: 4 | 6 = 4;
    for (let f = 2; f < k; f++) if (text.startsWith('IPv6', starts[f]!)) family = 6;
    const nameFrom = starts[k + 1]!;
    const nameTo = ends[k + 1]!;
    const arrow = lastIndexIn(text, ARROW, nameFrom, nameTo);
    const localTo = arrow > nameFrom ? arrow - 1 : nameTo;
    const localColon = lastIndexIn(text, 58, nameFrom, localTo);
    const localPort = localColon < 0 ? -1 : portOrStar(text, localColon + 1, localTo);
    let remotePort = 0;
    if (arrow > nameFrom) {
      const remoteColon = lastIndexIn(text, 58, arrow + 1, nameTo);
      remotePort = remoteColon < 0 ? -1 : portOrStar(text, remoteColon + 1, nameTo);
    }
    if (localPort < 0 || remotePort < 0) return void owners.skipped++;
    const key = ownerKey(family, localPort, remotePort);
    if (!owners.pids.has(key)) owners.pids.set(key, pid);
    if (!owners.names.has(pid)) owners.names.set(pid, unescape(text.slice(starts[0]!, ends[0]!)));
    owners.rows++;
  });
  return owners;
}

function portOrStar(text: string, from: number, to: number): number {
  return to - from === 1 && text.charCodeAt(from) === 42 ? 0 : portAt(text, from, to);
}

/** lsof writes a space in a command name as \x20. */
function unescape(name: string): string {
  return name.includes('\\x')
    ? name.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : name;
}
