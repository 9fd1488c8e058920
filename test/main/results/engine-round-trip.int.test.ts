import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompareCommand } from '../../../src/main/cli/compare-command';
import { writeOutputs } from '../../../src/main/cli/results-output';
import { writeBundle } from '../../../src/main/results/bundle';
import { HistoryStore } from '../../../src/main/results/history';
import { RunLog } from '../../../src/main/results/run-log';
import { readRunLog } from '../../../src/main/results/run-log-reader';
import { readResultsFile } from '../../../src/main/results/schema';
import type { ResultsDocument } from '../../../src/shared/contract';
import type { Mode } from '../../../src/shared/modes';
import { CLI_PATH } from '../../helpers/engine';
import { entryBytes, readZip } from '../../helpers/zip';

// This file's loopback ports: 64500-64999.
let dir: string;
let clientFile: string;
let serverFile: string;
let client: ResultsDocument;
let server: ResultsDocument;

/** A real run of the engine through the command line, in a namespace with 16 Windows-like ports. */
function runEmulated(mode: Mode, port: number, file: string): void {
  execFileSync(
    process.execPath,
    [
      CLI_PATH,
      mode,
      '--emulate-windows',
      '--port-range',
      '50000-50015',
      '--port',
      String(port),
      '--duration',
      '2',
      '--json',
      file,
    ],
    { stdio: 'ignore', timeout: 30_000 },
  );
}

// Windows' port exhaustion is reproduced in a Linux network namespace: Linux only.
const linux = process.platform === 'linux';

beforeAll(async () => {
  if (!linux) return;
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-engine-results-'));
  clientFile = path.join(dir, 'client.json');
  serverFile = path.join(dir, 'server.json');
  runEmulated('client', 64500, clientFile);
  runEmulated('server', 64501, serverFile);
  client = await readResultsFile(clientFile);
  server = await readResultsFile(serverFile);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.runIf(linux)('real engine output from a Linux network namespace (Linux only)', () => {
  it('is accepted by the schema and shows the Windows pattern', () => {
    expect(client.runs[0]).toMatchObject({ mode: 'client', outcome: 'exhausted' });
    expect(client.runs[0]!.errors[0]).toMatchObject({
      op: 'connect',
      code: 'EADDRNOTAVAIL',
      peerPort: 64500,
    });
    expect(server.runs[0]).toMatchObject({ mode: 'server', outcome: 'ok' });
    expect(server.runs[0]!.connections).toBeGreaterThan(16);
  });

  it('round-trips through the history', async () => {
    const history = new HistoryStore(path.join(dir, 'history'));
    const ids = [await history.save(client), await history.save(server)];
    expect(await history.load(ids[0]!)).toEqual(client);
    expect(await history.load(ids[1]!)).toEqual(server);
    expect((await history.list()).map((e) => e.summary).sort()).toEqual(['client: exhausted', 'server: ok']);
  });

  it('round-trips through the command line outputs', async () => {
    const json = path.join(dir, 'again.json');
    await writeOutputs(client, { json });
    expect(await readResultsFile(json)).toEqual(client);
  });

  it('round-trips through the run log, every error included', async () => {
    const file = path.join(dir, 'session.jsonl');
    const log = new RunLog(file);
    for (const doc of [client, server]) {
      const run = doc.runs[0]!;
      log.beginRun(run.config, run.system, run.startedAt);
      for (const e of run.errors) log.appendError(e);
      for (const s of run.samples) log.appendSample(s);
      log.appendRun(run);
    }
    await log.close();
    expect((await readRunLog(file)).runs).toEqual([client.runs[0], server.runs[0]]);
  });

  it('compares the two, a column each', async () => {
    let stdout = '';
    const code = await runCompareCommand([clientFile, serverFile], {
      stdout: (t) => (stdout += `${t}\n`),
      stderr: (t) => (stdout += t),
    });
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatch(/^\| client \| EADDRNOTAVAIL after \d+ connections \| not run \|$/);
    expect(rows[3]).toBe('| server | not run | ok |');
  });

  it('goes into a bundle that reads back whole', async () => {
    const zip = path.join(dir, 'bundle.zip');
    await writeBundle(zip, { documents: [client, server], logFiles: [] });
    const text = entryBytes(await readZip(zip), 'results-2.json').toString('utf8');
    expect(JSON.parse(text)).toEqual(server);
  });
});
