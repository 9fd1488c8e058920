import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runModeCommand, type CliContext } from '../../../src/main/cli/run-command';
import { PRINTED_ERRORS_LIMIT, type InterruptSignal, type Io } from '../../../src/main/cli/terminal';
import { RunStartError } from '../../../src/main/engine/run';
import { START_MS, makeError } from '../../fixtures/results/factory';
import { FakeEngine } from '../controller/fake-engine';

/** The command line's terminal, recorded; `interrupt()` is a Ctrl-C. */
function terminal() {
  const out: string[] = [];
  const err: string[] = [];
  let handler: ((signal: InterruptSignal) => void) | null = null;
  const io: Io = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    onInterrupt(h) {
      handler = h;
      return () => (handler = null);
    },
  };
  return { io, out, err, interrupt: () => handler?.('SIGINT') };
}

function context(io: Io, engine: FakeEngine): CliContext {
  return { io, appVersion: '0.0.0-test', selfArgv: [], engine };
}

const flags = { port: '63001', duration: '5', 'max-errors': '2000000000' };

describe('a single mode on the command line, through the controller', () => {
  it('prints each second and each error as they come, keeps the first and last errors, and every one on disk', async () => {
    const { io, out } = terminal();
    const engine = new FakeEngine();
    const running = runModeCommand('client', flags, context(io, engine));
    await vi.waitFor(() => expect(engine.runs).toHaveLength(1));
    const run = engine.lastRun;
    expect(run.config).toMatchObject({ mode: 'client', port: 63001, durationSec: 5, force: false });
    expect(run.context.errorRetention).toEqual({ first: 100, last: 1000 });
    run.second(1, 11);
    for (let i = 1; i <= 1200; i++)
      run.error(
        makeError({
          atMs: START_MS + i,
          op: 'connect',
          code: 'EADDRNOTAVAIL',
          connection: 11,
          platform: 'linux',
        }),
      );
    run.end('duration');
    const { code, doc } = await running;

    expect(code).toBe(0);
    expect(out[0]).toBe('client: connecting to 127.0.0.1:63001 for 5 s');
    expect(out[1]).toBe('connects per second: 11, server connections: n/a, client connections: n/a');
    const errorLines = out.filter((line) => line.includes(' client connect failed: EADDRNOTAVAIL'));
    expect(errorLines).toHaveLength(PRINTED_ERRORS_LIMIT);
    expect(out).toContain('(more errors are counted and saved, not printed)');
    expect(out).toContain('errors by code: EADDRNOTAVAIL 1,200');

    const [result] = doc!.runs;
    // A run with errors points to the advice for its outcome.
    expect(out).toContain(`what to change in your code: socketclosetest explain ${result!.outcome}`);
    expect(result).toMatchObject({ errorsOmitted: 100, errorCounts: { EADDRNOTAVAIL: 1200 } });
    expect(result!.errors).toHaveLength(1100);
    const note = out.find((line) => line.startsWith('100 errors are not in the results'))!;
    const runLog = /the run log (.+\.jsonl)$/.exec(note)![1]!;
    const lines = readFileSync(runLog, 'utf8').split('\n');
    expect(lines.filter((line) => line.startsWith('{"type":"error"'))).toHaveLength(1200);
    rmSync(dirname(dirname(runLog)), { recursive: true });
  });

  it('--run-log writes every error as JSON Lines where asked, and leaves no temp folder', async () => {
    const { io, out } = terminal();
    const engine = new FakeEngine();
    const folder = mkdtempSync(join(tmpdir(), 'sct-run-log-'));
    const target = join(folder, 'errors.jsonl');
    const running = runModeCommand('client', { ...flags, 'run-log': target }, context(io, engine));
    await vi.waitFor(() => expect(engine.runs).toHaveLength(1));
    const run = engine.lastRun;
    for (let i = 1; i <= 1500; i++)
      run.error(
        makeError({
          atMs: START_MS + i,
          op: 'connect',
          code: 'EADDRNOTAVAIL',
          connection: 11,
          platform: 'linux',
        }),
      );
    run.end('duration');
    const { code, doc } = await running;

    expect(code).toBe(0);
    expect(doc!.runs[0]).toMatchObject({ errorsOmitted: 400 });
    expect(out).toContain(`run log written to ${target}`);
    expect(out.find((line) => line.startsWith('400 errors are not in the results'))).toMatch(
      new RegExp(`the run log ${target.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`),
    );
    const lines = readFileSync(target, 'utf8').trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('{"type":"error"'))).toHaveLength(1500);
    for (const line of lines) JSON.parse(line);
    expect(readdirSync(folder)).toEqual(['errors.jsonl']);
    rmSync(folder, { recursive: true });
  });

  it('stops on Ctrl-C and answers exit code 130 with the results so far', async () => {
    const { io, out, err, interrupt } = terminal();
    const engine = new FakeEngine();
    const running = runModeCommand('server', flags, context(io, engine));
    await vi.waitFor(() => expect(engine.runs).toHaveLength(1));
    interrupt();
    const { code, doc } = await running;
    expect(code).toBe(130);
    expect(err).toEqual(['Stopping…']);
    expect(doc).toMatchObject({ status: 'stopped', runs: [{ interrupted: true, stopReason: 'stopped' }] });
    expect(out.some((line) => line.includes('run log'))).toBe(false);
  });

  it("rejects with the engine's sentence when the run cannot start", async () => {
    const { io } = terminal();
    const engine = new FakeEngine();
    const refusal = new RunStartError('PORT_IN_USE', 'Port 63001 is already in use by another program.');
    engine.refuseNext = refusal;
    await expect(runModeCommand('server', flags, context(io, engine))).rejects.toBe(refusal);
  });
});
