/**
 * Which process holds each socket, on Linux: /proc/<pid>/fd links to "socket:[inode]", and
 * /proc/net/tcp gives each connection's inode. Reading every process's fds costs a readlink per
 * open file (100,000 for 100,000 connections), so the inode -> pid map is kept between polls and
 * read again only when connections appear whose inode it does not know, at most every 2 s (and
 * never more than a tenth of the time: a scan that takes 300 ms waits 3 s for the next). The
 * processes of other users cannot be read without administrator rights: they are counted, never
 * an error, and their connections stay without an owner.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** New inodes wait at least this long for a scan. */
const MIN_SCAN_GAP_MS = 2000;
/** Inodes a scan did not find (other users' programs) are looked for again this often. */
const MISSED_SCAN_GAP_MS = 30_000;
/** A scan takes at most this share of the time between scans. */
const MAX_SCAN_SHARE = 0.1;
/** Sockets and inodes kept: far above any real machine, so memory stays bounded whatever happens. */
const MAX_SOCKETS = 1 << 21;

export class LinuxOwners {
  private owners = new Map<number, number>();
  private missed = new Set<number>();
  private lastScanMs = -Infinity;
  private lastScanTook = 0;
  /** Program names by pid, for the processes holding sockets at the last scan. */
  names = new Map<number, string | null>();
  /** Processes whose open files could not be read at the last scan (other users' programs). */
  unreadable = 0;
  /** Whether /proc could be listed at all. */
  available = true;
  /** How long the last scan took, in milliseconds. */
  get scanMs(): number {
    return this.lastScanTook;
  }

  /** The pid holding a socket; -1 when not known. */
  pidOf(inode: number): number {
    return this.owners.get(inode) ?? -1;
  }

  /** Whether an inode is new since the last scan: neither found then nor known to be missing. */
  isNew(inode: number): boolean {
    return !this.owners.has(inode) && !this.missed.has(inode);
  }

  /** Remembers an inode the newest scan did not find, so it alone does not cause another soon. */
  noteMissing(inode: number): void {
    if (this.missed.size >= MAX_SOCKETS) this.missed.clear();
    this.missed.add(inode);
  }

  /**
   * Scans again when there are new inodes (or inodes missing since the last scan) and it is time;
   * returns whether it scanned, so the caller can note what is still missing.
   */
  refresh(newInodes: number, missing: number, nowMs: number): boolean {
    const gap = Math.max(
      this.lastScanTook / MAX_SCAN_SHARE,
      newInodes > 0 ? MIN_SCAN_GAP_MS : MISSED_SCAN_GAP_MS,
    );
    if (newInodes === 0 && missing === 0) return false;
    if (nowMs - this.lastScanMs < gap) return false;
    this.scan();
    this.lastScanMs = nowMs;
    this.lastScanTook = performance.now() - nowMs;
    return true;
  }

  private scan(): void {
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      this.available = false;
      return;
    }
    this.available = true;
    const owners = new Map<number, number>();
    const names = new Map<number, string | null>();
    let unreadable = 0;
    for (const entry of entries) {
      const first = entry.charCodeAt(0);
      if (first < 48 || first > 57) continue;
      const dir = `/proc/${entry}/fd/`;
      let fds: string[];
      try {
        fds = readdirSync(dir);
      } catch (error) {
        // A process that ended since /proc was listed is simply gone; one we may not read is another user's.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EPERM') unreadable++;
        continue;
      }
      const pid = Number(entry);
      let holds = false;
      for (const fd of fds) {
        let link: string;
        try {
          link = readlinkSync(dir + fd);
        } catch {
          continue;
        }
        // "socket:[12345]"
        if (link.charCodeAt(0) !== 115 || link.charCodeAt(7) !== 91 || !link.startsWith('socket:[')) continue;
        const inode = Number(link.slice(8, -1));
        if (owners.size < MAX_SOCKETS && !owners.has(inode)) owners.set(inode, pid);
        holds = true;
      }
      if (holds) names.set(pid, commOf(entry));
    }
    this.owners = owners;
    this.names = names;
    this.missed.clear();
    this.unreadable = unreadable;
  }
}

/** The program's name as the kernel keeps it (up to 15 characters); null when it cannot be read. */
function commOf(pid: string): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/comm`, 'utf8');
    return text.endsWith('\n') ? text.slice(0, -1) : text;
  } catch {
    return null;
  }
}
