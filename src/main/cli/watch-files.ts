/**
 * The files `watch --json` and `watch --csv` grow as polls come. Each poll's text is queued and
 * written in order by one loop, so a slow disk never blocks the polls; the queue has a cap, so a
 * disk slower than the watch costs polls left out of the file (counted, and said), never memory
 * without end. A write that fails (a full disk) ends the file: what was written stays, and the
 * watch is told the reason in a sentence.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { describeWriteError } from '../results/fs-messages';

/** What a poll's text is appended to: a file, or standard output. */
export interface PollSink {
  /** The file's name as given, or "standard output". */
  readonly name: string;
  /** Queues a poll's text; false when it was left out (the queue is full, or the sink failed). */
  append(text: string): boolean;
  /** Polls left out because the queue was full. */
  readonly dropped: number;
  /** Why writing failed, in a sentence; null while it works. */
  readonly failure: string | null;
  /** Resolves once everything queued is written (or writing failed), and closes the file. */
  close(): Promise<void>;
}

/** Bytes queued at most before polls are left out: at 50 destinations and 50 programs a poll is tens of kB. */
export const QUEUE_LIMIT_BYTES = 4 * 1024 * 1024;

/** Bytes written at once, at most: a backlog is written in a few large writes, not one per poll. */
const CHUNK_BYTES = 256 * 1024;

export class FileSink implements PollSink {
  dropped = 0;
  failure: string | null = null;
  private queue: string[] = [];
  private queuedBytes = 0;
  private writing: Promise<void> | null = null;
  private closed = false;

  private constructor(
    readonly name: string,
    private readonly handle: FileHandle,
    private readonly limitBytes: number,
    private readonly onFailure: (sentence: string) => void,
  ) {}

  /**
   * Creates (or empties) the file and starts it with `header`. Rejects with the reason in a
   * sentence when it cannot be created.
   */
  static async create(
    path: string,
    {
      header = '',
      limitBytes = QUEUE_LIMIT_BYTES,
      onFailure = () => undefined,
    }: { header?: string; limitBytes?: number; onFailure?: (sentence: string) => void } = {},
  ): Promise<FileSink> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'w');
    } catch (error) {
      throw new Error(describeWriteError(error, path), { cause: error });
    }
    const sink = new FileSink(path, handle, limitBytes, onFailure);
    if (header) sink.append(header);
    return sink;
  }

  append(text: string): boolean {
    if (this.failure !== null || this.closed) return false;
    if (this.queuedBytes > 0 && this.queuedBytes + text.length > this.limitBytes) {
      this.dropped++;
      return false;
    }
    this.queue.push(text);
    this.queuedBytes += text.length;
    this.writing ??= this.drain();
    return true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && this.failure === null) {
        // Whole polls only, so a failure never leaves half a poll that was counted as written.
        let chunk = '';
        let taken = 0;
        while (
          taken < this.queue.length &&
          (taken === 0 || chunk.length + this.queue[taken]!.length <= CHUNK_BYTES)
        )
          chunk += this.queue[taken++]!;
        this.queue.splice(0, taken);
        this.queuedBytes -= chunk.length;
        try {
          // writeFile on a handle writes from the current position and retries short writes.
          await this.handle.writeFile(chunk);
        } catch (error) {
          this.failure = describeWriteError(error, this.name);
          this.queue = [];
          this.queuedBytes = 0;
          this.onFailure(this.failure);
        }
      }
    } finally {
      this.writing = null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await this.writing;
    await this.handle.close().catch((error: unknown) => {
      this.failure ??= describeWriteError(error, this.name);
    });
  }
}

/**
 * `--json -`: lines to standard output. A reader slower than the watch (a pipe into a busy
 * script) backs the output up in memory, so past the cap polls are left out as for a file.
 */
export class StdoutSink implements PollSink {
  readonly name = 'standard output';
  readonly failure = null;
  dropped = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly backlog: () => number = () => 0,
    private readonly limitBytes = QUEUE_LIMIT_BYTES,
  ) {}

  append(text: string): boolean {
    if (this.backlog() > this.limitBytes) {
      this.dropped++;
      return false;
    }
    // The Io's stdout adds the line's end itself.
    this.write(text.endsWith('\n') ? text.slice(0, -1) : text);
    return true;
  }

  async close(): Promise<void> {}
}
