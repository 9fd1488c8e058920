/**
 * Which process holds each socket, on Linux: /proc/<pid>/fd links to "socket:[inode]", and
 * /proc/net/tcp gives each connection's inode. Reading every process's fds costs a readlink per
 * open file (100,000 for 100,000 connections), so the inode -> pid map is kept between polls and
 * read again only when connections appear whose inode it does not know, at most every 2 s (and
 * never more than a tenth of the time: a scan that takes 300 ms waits 3 s for the next), and after
 * the first, a scan is spread over polls in slices of 25 ms. The
 * processes of other users cannot be read without administrator rights: they are counted, never
 * an error, and their connections stay without an owner.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** New inodes wait at least this long for a scan. */
const MIN_SCAN_GAP_MS = 2000;
/** Inodes a scan did not find (other users' programs) are looked for again this often. */
const MISSED_SCAN_GAP_MS = 30_000;
/** A scan takes at most this share of the time between scans. */
const MAX_SCAN_SHARE = 0.1;
/** Sockets and inodes kept: far above any real machine, so memory stays bounded whatever happens. */
const MAX_SOCKETS = 1 << 21;

/** After the first, a scan reads for at most this long per poll and goes on at the next. */
const SLICE_MS = 25;

/** A scan under way: the processes listed when it began, and what it has found so far. */
interface Scan {
  pids: string[];
  next: number;
  /** The process being read, its fds, and the next fd to read. */
  pid: number;
  dir: string;
  fds: string[];
  nextFd: number;
  holds: boolean;
  owners: Map<number, number>;
  names: Map<number, string | null>;
  unreadable: number;
  /** This process's network namespace ("net:[4026531840]"); null when it cannot be read. */
  net: string | null;
}

export class LinuxOwners {
  private owners = new Map<number, number>();
  private missed = new Set<number>();
  private scan: Scan | null = null;
  private scanStartedMs = -Infinity;
  private lastScanMs = -Infinity;
  private lastScanTook = 0;
  /** Program names by pid, for the processes holding sockets at the last scan. */
  names = new Map<number, string | null>();
  /** Processes whose open files could not be read at the last scan (other users' programs). */
  unreadable = 0;
  /** Whether /proc could be listed at all. */
  available = true;

  /** Whether a scan is under way (spread over polls): what it found so far already answers. */
  get scanning(): boolean {
    return this.scan !== null;
  }

  /** How long the last whole scan took to read, in milliseconds (its slices added up). */
  get scanMs(): number {
    return this.lastScanTook;
  }

  /** The pid holding a socket; -1 when not known. A scan under way already answers for what it found. */
  pidOf(inode: number): number {
    return this.owners.get(inode) ?? this.scan?.owners.get(inode) ?? -1;
  }

  /** Program names by pid: the last scan's, with what a scan under way has found since. */
  get allNames(): Map<number, string | null> {
    const partial = this.scan?.names;
    if (!partial || partial.size === 0) return this.names;
    const merged = new Map(this.names);
    for (const [pid, name] of partial) merged.set(pid, name);
    return merged;
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
   * Reads the processes' open files when there are new inodes (or inodes missing since the last
   * scan) and it is time. The first scan reads everything at once, so the first poll is complete;
   * later ones read for a slice of each poll, so no poll waits for 100,000 readlinks. Returns
   * whether a scan finished, so the caller can note what is still missing.
   */
  refresh(newInodes: number, missing: number, nowMs: number): boolean {
    if (!this.scan) {
      const gap = Math.max(
        this.lastScanTook / MAX_SCAN_SHARE,
        newInodes > 0 ? MIN_SCAN_GAP_MS : MISSED_SCAN_GAP_MS,
      );
      if (newInodes === 0 && missing === 0) return false;
      if (nowMs - this.lastScanMs < gap) return false;
      if (!this.begin()) return false;
      this.scanStartedMs = nowMs;
      this.lastScanTook = 0;
    }
    const first = this.lastScanMs === -Infinity;
    const started = performance.now();
    const done = this.readFor(first ? Infinity : SLICE_MS);
    this.lastScanTook += performance.now() - started;
    if (!done) return false;
    this.finish();
    this.lastScanMs = this.scanStartedMs;
    return true;
  }

  private begin(): boolean {
    let pids: string[];
    try {
      pids = readdirSync('/proc');
    } catch {
      this.available = false;
      return false;
    }
    this.available = true;
    this.scan = {
      pids,
      next: 0,
      pid: 0,
      dir: '',
      fds: [],
      nextFd: 0,
      holds: false,
      owners: new Map(),
      names: new Map(),
      unreadable: 0,
      net: netOf('self'),
    };
    return true;
  }

  /** Reads fds until the scan is done (true) or the time is up (false). */
  private readFor(budgetMs: number): boolean {
    const scan = this.scan!;
    const deadline = performance.now() + budgetMs;
    for (;;) {
      while (scan.nextFd < scan.fds.length) {
        if ((scan.nextFd & 255) === 255 && performance.now() > deadline) return false;
        const fd = scan.fds[scan.nextFd++]!;
        let link: string;
        try {
          link = readlinkSync(scan.dir + fd);
        } catch {
          continue;
        }
        // "socket:[12345]"
        if (link.charCodeAt(0) !== 115 || link.charCodeAt(7) !== 91 || !link.startsWith('socket:[')) continue;
        const inode = Number(link.slice(8, -1));
        if (scan.owners.size < MAX_SOCKETS && !scan.owners.has(inode)) scan.owners.set(inode, scan.pid);
        scan.holds = true;
      }
      if (scan.holds) scan.names.set(scan.pid, commOf(scan.pid));
      scan.fds = [];
      scan.nextFd = 0;
      scan.holds = false;
      if (scan.next >= scan.pids.length) return true;
      if (performance.now() > deadline) return false;
      const entry = scan.pids[scan.next++]!;
      const first = entry.charCodeAt(0);
      if (first < 48 || first > 57) continue;
      // A process in another network namespace (a container, a test's namespace) holds none of the
      // connections this table lists: one readlink spares reading all of its open files.
      if (scan.net !== null) {
        const net = netOf(entry);
        if (net !== null && net !== scan.net) continue;
      }
      scan.dir = `/proc/${entry}/fd/`;
      scan.pid = Number(entry);
      try {
        scan.fds = readdirSync(scan.dir);
      } catch (error) {
        // A process that ended since /proc was listed is simply gone; one we may not read is another user's.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EPERM') scan.unreadable++;
      }
    }
  }

  private finish(): void {
    const scan = this.scan!;
    this.scan = null;
    this.owners = scan.owners;
    this.names = scan.names;
    this.unreadable = scan.unreadable;
    this.missed.clear();
  }
}

function netOf(pid: string): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return null;
  }
}

/** The program's name as the kernel keeps it (up to 15 characters); null when it cannot be read. */
function commOf(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/comm`, 'utf8');
    return text.endsWith('\n') ? text.slice(0, -1) : text;
  } catch {
    return null;
  }
}
