import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultsDocument } from '../../shared/contract';
import type { Mode } from '../../shared/modes';
import { ConfigError } from '../engine/config';
import { SessionController } from '../controller/session-controller';
import { parseRunAllRequest } from '../controller/run-all-request';
import { RunLog } from '../results/run-log';
import { resultsTableMarkdown } from '../results/markdown';
import { APP_NAME } from './documents';
import { numberFlag, type RunFlags } from './options';
import { machineFactsForRun, runInNamespaceIfAsked, type CliContext } from './run-command';
import { PRINTED_ERRORS_LIMIT, errorLine, sampleLine, summaryLines } from './terminal';
import { UsageError } from './usage';

/**
 * `socketclosetest all`: every mode in turn, as the window's Run all does (the same controller),
 * waiting between modes until the previous one's half-connections have drained.
 */
export async function runAllCommand(
  flags: RunFlags,
  ctx: CliContext,
): Promise<{ code: number; doc: ResultsDocument | null }> {
  if (flags.force) {
    throw new UsageError('--force does not go with "all": it waits for half-connections to drain instead.');
  }
  let request;
  try {
    request = parseRunAllRequest({
      modes: flags.modes?.split(',').map((m) => m.trim()),
      host: flags.host,
      port: numberFlag(flags.port, 'port'),
      durationSec: numberFlag(flags.duration, 'duration', { decimal: true }),
      maxErrors: numberFlag(flags['max-errors'], 'max-errors'),
      connectionLimit: numberFlag(flags.connections, 'connections') ?? null,
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  const outer = await runInNamespaceIfAsked(flags, ctx);
  if (outer !== null) return { code: outer, doc: null };
  const system = await machineFactsForRun(ctx);
  const { io } = ctx;
  const dataDir = await mkdtemp(join(tmpdir(), 'socketclosetest-'));
  const controller = new SessionController({
    dataDir,
    workerPath: ctx.workerPath,
    system,
    app: { name: APP_NAME, version: ctx.appVersion },
    history: { save: () => 'command-line' },
    openRunLog: (path) => new RunLog(path),
    ...(ctx.makePoller ? { createPoller: (config, facts) => ctx.makePoller!(config, facts) } : {}),
  });
  io.stdout(
    `all: ${request.modes.join(', ')}, ${request.durationSec} s each, on ${request.host}:${request.port}` +
      (system.emulation ? ` (${system.emulation})` : ''),
  );
  let printedErrors = 0;
  controller.on('error-record', (record) => {
    if (++printedErrors <= PRINTED_ERRORS_LIMIT) io.stdout(errorLine(record));
  });
  controller.on('run-finished', (run) => {
    for (const line of summaryLines(run)) io.stdout(line);
  });
  let announced: Mode | null = null;
  let lastT = 0;
  let lastCountdown = '';
  controller.on('snapshot', (snapshot) => {
    if (snapshot.state === 'running' && snapshot.mode && snapshot.mode !== announced) {
      announced = snapshot.mode;
      lastT = 0;
      io.stdout(`${snapshot.mode}: running`);
    }
    if (snapshot.mode === announced) {
      for (const sample of snapshot.samples) {
        if (sample.t > lastT) {
          io.stdout(sampleLine(sample));
          lastT = sample.t;
        }
      }
    }
    const c = snapshot.countdown;
    // A countdown line every 5 seconds, not four times a second.
    const line =
      c && c.halfConnections > 0
        ? `waiting for ${c.halfConnections} half-connections to drain before the next mode: about ${Math.ceil(c.remainingSec / 5) * 5} s left`
        : '';
    if (line && line !== lastCountdown) io.stdout(line);
    lastCountdown = line;
  });
  const release = io.onInterrupt(() => {
    io.stderr('Stopping…');
    void controller.stop();
  });
  try {
    const doc = await controller.runAll(request);
    io.stdout('');
    io.stdout(resultsTableMarkdown([doc]));
    return { code: doc.status === 'stopped' ? 130 : 0, doc };
  } finally {
    release();
    await controller.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  }
}
