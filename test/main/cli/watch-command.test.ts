/**
 * The watch command's own logic, with hand-made polls in place of the machine's table: where the
 * text and the JSON go, the redraw on a terminal only, the exit code a signal gives, and a file
 * that fails mid-watch. The real table, through the built command line, is watch.int.test.ts.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWatchCommand, type WatcherLike } from '../../../src/main/cli/watch-command';
import type { InterruptSignal, Io } from '../../../src/main/cli/terminal';
import { REDRAW } from '../../../src/main/cli/watch-terminal';
import type { WatchPoll } from '../../../src/shared/watch';
import { poll } from './watch-poll-fixture';

/** Emits the given polls one by one on start(), then sends `signal` to the command. */
class PollsThenSignal extends EventEmitter<{ poll: [WatchPoll] }> implements WatcherLike {
  stopped = false;
  closed = false;
  constructor(
    private readonly polls: WatchPoll[],
    private readonly signal: () => void,
  ) {
    super();
  }
  pollOnce(): Promise<WatchPoll> {
    return Promise.resolve(this.polls[0]!);
  }
  start(): void {
    void (async () => {
      for (const p of this.polls) {
        this.emit('poll', p);
        await new Promise((r) => setImmediate(r));
      }
      this.signal();
    })();
  }
  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  let handler: ((signal: InterruptSignal) => void) | null = null;
  const stream: Io = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    onInterrupt: (h) => {
      handler = h;
      return () => (handler = null);
    },
  };
  return { stream, out, err, send: (signal: InterruptSignal) => handler?.(signal) };
}

const polls = [poll({ t: 1 }), poll({ t: 2 }), poll({ t: 3 })];

describe('watch command', () => {
  it('with --json -, writes the JSON lines alone to standard output and the text to standard error', async () => {
    const t = io();
    let watcher: PollsThenSignal | null = null;
    const code = await runWatchCommand(['--json', '-'], {
      io: t.stream,
      // A terminal shows the lines too (through jq, say): the text must not redraw over them.
      isTerminal: () => true,
      createWatcher: () => (watcher = new PollsThenSignal(polls, () => t.send('SIGINT'))),
    });
    expect(code).toBe(130);
    expect(t.out.map((line) => (JSON.parse(line) as WatchPoll).t)).toEqual([1, 2, 3]);
    expect(t.err.filter((e) => e.includes('watching for'))).toHaveLength(3);
    expect(t.err.join('')).not.toContain('\x1b');
    expect(t.err).toContain('Stopping…');
    expect(watcher!.closed).toBe(true);
  });

  it('redraws in place on a terminal only, and SIGHUP and SIGTERM give 129 and 143', async () => {
    for (const [signal, exit, terminal] of [
      ['SIGHUP', 129, true],
      ['SIGTERM', 143, false],
    ] as const) {
      const t = io();
      const code = await runWatchCommand([], {
        io: t.stream,
        isTerminal: (stream) => stream === 'stdout' && terminal,
        columns: () => 100,
        createWatcher: () => new PollsThenSignal(polls, () => t.send(signal)),
      });
      expect(code).toBe(exit);
      expect(t.out).toHaveLength(3);
      for (const text of t.out) expect(text.startsWith(REDRAW)).toBe(terminal);
      if (!terminal) for (const text of t.out) expect(text).not.toContain('\x1b');
    }
  });

  it('with --once, polls once, writes both files whole and ends with 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sct-watch-cmd-'));
    const t = io();
    const code = await runWatchCommand(
      ['--once', '--json', join(dir, 'p.jsonl'), '--csv', join(dir, 'p.csv')],
      {
        io: t.stream,
        createWatcher: () => new PollsThenSignal(polls, () => undefined),
      },
    );
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'p.jsonl'), 'utf8')).toBe(`${JSON.stringify(polls[0])}\n`);
    const csv = readFileSync(join(dir, 'p.csv'), 'utf8').split('\r\n');
    expect(csv[0]!.startsWith('time,t,kind,key')).toBe(true);
    expect(csv.filter((line) => line.includes(',destination,127.0.0.1:5432,'))).toHaveLength(1);
    expect(t.out).toContain(`watch written to ${join(dir, 'p.jsonl')}`);
  });

  it('with --once, a Ctrl-C before the poll is in ends it with 130 and the file empty but whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sct-watch-cmd-'));
    const t = io();
    let answer: ((poll: WatchPoll) => void) | null = null;
    const slow = new PollsThenSignal(polls, () => undefined);
    slow.pollOnce = () => new Promise<WatchPoll>((resolve) => (answer = resolve));
    slow.close = () => {
      answer?.(polls[0]!);
      slow.closed = true;
      return Promise.resolve();
    };
    const running = runWatchCommand(['--once', '--json', join(dir, 'p.jsonl')], {
      io: t.stream,
      createWatcher: () => slow,
    });
    // The poll is asked for once the files are checked and made.
    while (answer === null) await new Promise((r) => setTimeout(r, 5));
    t.send('SIGINT');
    expect(await running).toBe(130);
    expect(t.err).toContain('Stopping…');
    expect(readFileSync(join(dir, 'p.jsonl'), 'utf8')).toBe('');
    expect(slow.closed).toBe(true);
  });

  it('ends with 2 and a sentence when the table could not be read (--once)', async () => {
    const t = io();
    const failed = poll({
      error: "This computer's connections cannot be read: netstat could not be started.",
    });
    const code = await runWatchCommand(['--once'], {
      io: t.stream,
      createWatcher: () => new PollsThenSignal([failed], () => undefined),
    });
    expect(code).toBe(2);
    expect(t.out.join('\n')).toContain('netstat could not be started.');
  });

  // /dev/full exists on Linux only: every write to it fails as on a full disk (a user who may not
  // make files in /dev is refused before watching, with a sentence naming the file all the same).
  it.runIf(process.platform === 'linux')(
    'a file that cannot be written ends the watch with 2 and a sentence (Linux)',
    async () => {
      const t = io();
      const code = await runWatchCommand(['--json', '/dev/full'], {
        io: t.stream,
        createWatcher: () => new PollsThenSignal(polls, () => t.send('SIGINT')),
      }).catch((error: Error) => {
        t.err.push(error.message);
        return 2;
      });
      expect(code).toBe(2);
      expect(t.err.join('\n')).toMatch(/^Could not save \/dev\/full: /m);
    },
  );
});
