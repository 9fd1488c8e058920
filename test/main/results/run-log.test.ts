import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunLog } from '../../../src/main/results/run-log';
import { readRunLog } from '../../../src/main/results/run-log-reader';
import { ResultsFileError } from '../../../src/main/results/schema';
import { linuxDocument, makeError, windowsDocument } from '../../fixtures/results/factory';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-runlog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lineCount(file: string): Promise<number> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).length;
}

describe('RunLog', () => {
  it('records every error and each run, and reads back the runs as they were', async () => {
    const file = path.join(dir, 'session.jsonl');
    const doc = windowsDocument();
    const log = new RunLog(file);
    for (const run of doc.runs) {
      log.beginRun(run.config, run.system, run.startedAt);
      for (const sample of run.samples) log.appendSample(sample);
      for (const error of run.errors) log.appendError(error);
      log.appendRun(run);
    }
    await log.close();
    const back = await readRunLog(file);
    expect(back.runs).toEqual(doc.runs);
    expect(back.machine).toEqual(doc.machine);
    expect(back.status).toBe('complete');
  });

  it('has the lines on disk within about 250 ms without being closed', async () => {
    const file = path.join(dir, 'timer.jsonl');
    const log = new RunLog(file);
    log.appendError(makeError({ atMs: 1, op: 'connect', code: 'EADDRINUSE', connection: 1 }));
    await sleep(450);
    expect(await lineCount(file)).toBe(2);
    await log.close();
    expect(await lineCount(file)).toBe(3);
  });

  it('keeps every one of 200,000 errors appended in a burst', async () => {
    // How fast is measured by npm run bench (results); here, that a burst loses nothing.
    const file = path.join(dir, 'burst.jsonl');
    const log = new RunLog(file);
    const template = makeError({
      atMs: 1,
      op: 'connect',
      code: 'EADDRINUSE',
      connection: 1,
      peerPort: 40000,
    });
    const n = 200_000;
    for (let i = 0; i < n; i++) log.appendError({ ...template, connection: i + 1, epochMs: i });
    await log.close();
    expect(await lineCount(file)).toBe(n + 2);
  });

  it('never throws from appends when the file cannot be written, and close says why', async () => {
    const file = path.join(dir, 'missing-folder', 'x.jsonl');
    const log = new RunLog(file);
    log.appendError(makeError({ atMs: 1, op: 'read', code: 'ECONNRESET', connection: 1 }));
    await expect(log.close()).rejects.toThrow(
      `Could not save ${file}: the folder ${path.dirname(file)} does not exist.`,
    );
  });

  it('ignores appends after close', async () => {
    const file = path.join(dir, 'closed.jsonl');
    const log = new RunLog(file);
    await log.close();
    log.appendError(makeError({ atMs: 1, op: 'read', code: 'ECONNRESET', connection: 1 }));
    await log.close();
    expect(await lineCount(file)).toBe(2);
  });
});

describe('readRunLog after a crash', () => {
  it('recovers a run from a process killed midway, its counts exact', async () => {
    const bundle = path.join(dir, 'run-log.mjs');
    await build({
      entryPoints: [path.resolve('src/main/results/run-log.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'warning',
    });
    const file = path.join(dir, 'crashed.jsonl');
    const finished = windowsDocument().runs[2]!; // server: ok
    const crashing = windowsDocument().runs[1]!; // client: exhausted
    const script = path.join(dir, 'crasher.mjs');
    await writeFile(
      script,
      `import { RunLog } from './run-log.mjs';
const [finished, crashing] = JSON.parse(process.argv[3]);
const log = new RunLog(process.argv[2]);
log.beginRun(finished.config, finished.system, finished.startedAt);
log.appendRun(finished);
log.beginRun(crashing.config, crashing.system, crashing.startedAt);
for (const s of crashing.samples) log.appendSample(s);
const e = crashing.errors[0];
for (let i = 0; i < 5000; i++) log.appendError({ ...e, connection: e.connection + i, epochMs: e.epochMs + i });
log.appendError({ ...e, op: 'read', code: 'ECONNRESET', winsock: { name: 'WSAECONNRESET', number: 10054 } });
setTimeout(() => process.stdout.write('logged\\n'), 400);
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, [script, file, JSON.stringify([finished, crashing])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('logged') && resolve());
      child.on('exit', () => reject(new Error('the writer ended before it was killed')));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // The kill can also cut a line in half: that line is skipped.
    await appendFile(file, '{"type":"error","error":{"time":"2026-11-');

    const doc = await readRunLog(file);
    expect(doc.status).toBe('failed');
    expect(doc.runs).toHaveLength(2);
    expect(doc.runs[0]).toEqual(finished);
    const recovered = doc.runs[1]!;
    expect(recovered).toMatchObject({
      mode: 'client',
      outcome: 'exhausted',
      stopReason: 'failed',
      interrupted: false,
      connections: crashing.samples[crashing.samples.length - 1]!.totalConnections,
      elapsedMs: crashing.samples.length * 1000,
      errorCounts: { EADDRINUSE: 5000, ECONNRESET: 1 },
      errorsOmitted: 5001 - 1001,
      samples: crashing.samples,
    });
    expect(recovered.errors).toHaveLength(1001);
    expect(recovered.errors[1000]!.code).toBe('ECONNRESET');
    expect(recovered.failure).toMatch(/recovered from its run log/);
    expect(recovered.summary).toBe(
      `connect failed with WSAEADDRINUSE after 16,301 connections (${recovered.connections.toLocaleString('en-US')} connections in 2.0 s)`,
    );
  });

  it('reads a log whose runs were never begun, leaving their loose errors out', async () => {
    const file = path.join(dir, 'plain.jsonl');
    const doc = linuxDocument();
    const log = new RunLog(file);
    log.appendError(makeError({ atMs: 1, op: 'read', code: 'ECONNRESET', connection: 1, platform: 'linux' }));
    log.appendRun(doc.runs[0]!);
    await log.close();
    expect((await readRunLog(file)).runs).toEqual([doc.runs[0]]);
  });

  it('refuses what is not a run log, or holds nothing to recover', async () => {
    const other = path.join(dir, 'other.jsonl');
    await writeFile(other, '{"hello":1}\n');
    await expect(readRunLog(other)).rejects.toThrow(
      new ResultsFileError('other.jsonl is not a SocketCloseTest run log.', 'not-results', 'other.jsonl'),
    );
    const empty = path.join(dir, 'empty.jsonl');
    await new RunLog(empty).close();
    await expect(readRunLog(empty)).rejects.toThrow('empty.jsonl holds no run to recover.');
    expect((await readRunLog(empty, { machine: linuxDocument().machine })).runs).toEqual([]);
    await expect(readRunLog(path.join(dir, 'absent.jsonl'))).rejects.toThrow('absent.jsonl was not found.');
  });
});
