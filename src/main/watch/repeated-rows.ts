/**
 * /proc/net/tcp is written a page at a time, and between two reads the kernel finds its place
 * again by hash bucket and position in it: when connections come and go meanwhile, rows are
 * repeated (a busy load showed up to 19 in one read, 9% too many toward one destination) or
 * skipped. Skipped rows cannot be found again, but repeated ones can: the same 4-tuple twice is
 * one connection, kept once with the state it was read with last. Listeners are left alone (with
 * SO_REUSEPORT several share one address and port).
 */
import type { ProcRows } from './parse-proc-rows';

const LISTEN = 0x0a;

let slots = new Int32Array(1 << 12);

/** Removes repeated connections from `rows` in place (order kept); returns how many were removed. */
export function dropRepeatedRows(rows: ProcRows): number {
  const length = rows.length;
  let size = slots.length;
  while (size < length * 2) size *= 2;
  if (size !== slots.length) slots = new Int32Array(size);
  slots.fill(-1);
  const mask = size - 1;
  const { family, localAddress, localPort, remoteAddress, remotePort, state, inode } = rows;
  let kept = 0;
  for (let i = 0; i < length; i++) {
    if (state[i] !== LISTEN) {
      let slot = hash(localAddress[i]!, localPort[i]! | (remotePort[i]! << 16), remoteAddress[i]!) & mask;
      let same = -1;
      for (let at = slots[slot]!; at !== -1; slot = (slot + 1) & mask, at = slots[slot]!) {
        if (
          localPort[at] === localPort[i] &&
          remotePort[at] === remotePort[i] &&
          localAddress[at] === localAddress[i] &&
          remoteAddress[at] === remoteAddress[i] &&
          family[at] === family[i]
        ) {
          same = at;
          break;
        }
      }
      if (same !== -1) {
        // The later read is the newer state of the same connection.
        state[same] = state[i]!;
        inode[same] = inode[i]!;
        continue;
      }
      slots[slot] = kept;
    }
    if (kept !== i) {
      family[kept] = family[i]!;
      localAddress[kept] = localAddress[i]!;
      localPort[kept] = localPort[i]!;
      remoteAddress[kept] = remoteAddress[i]!;
      remotePort[kept] = remotePort[i]!;
      state[kept] = state[i]!;
      inode[kept] = inode[i]!;
    }
    kept++;
  }
  rows.length = kept;
  return length - kept;
}

/**
 * A 4-tuple's hash, mixed so its low bits depend on every input bit: on one machine's loopback the
 * addresses are all alike and a listener's side has the same local port on every row, so a plain
 * product's low bits (all a slot index keeps) clustered thousands of rows into one probe run.
 */
function hash(local: number, ports: number, remote: number): number {
  let h = Math.imul(local ^ 0x9e3779b9, 0x85ebca6b) ^ ports;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ remote;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
