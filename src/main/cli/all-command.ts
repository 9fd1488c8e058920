import type { ResultsDocument } from '../../shared/contract';
import { ConfigError } from '../engine/config';
import { parseRunAllRequest } from '../controller/run-all-request';
import { resultsTableMarkdown } from '../results/markdown';
import { numberFlag, type RunFlags } from './options';
import { machineFactsForRun, runInNamespaceIfAsked, type CliContext } from './run-command';
import { interruptExitCode } from './terminal';
import { runOnTerminal } from './terminal-session';
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
  ctx.io.stdout(
    `all: ${request.modes.join(', ')}, ${request.durationSec} s each, on ${request.host}:${request.port}` +
      (system.emulation ? ` (${system.emulation})` : ''),
  );
  const { doc, stoppedBy } = await runOnTerminal(
    ctx,
    system,
    (controller) => controller.startRunAll(request),
    { announceModes: true, runLogTo: flags['run-log'] },
  );
  ctx.io.stdout('');
  ctx.io.stdout(resultsTableMarkdown([doc]));
  return { code: doc.status === 'stopped' ? interruptExitCode(stoppedBy ?? 'SIGINT') : 0, doc };
}
