/**
 * Windows' own evidence of port exhaustion: TCP/IP events 4227 (a local port reused too soon
 * toward the same peer) and 4231 (no ephemeral port left) in the System log, which any user may
 * read. Never fails: when the log cannot be read, the answer says why in a sentence.
 */
import type { ExhaustionEvents } from '../../shared/watch';
import { windowsConsoleCodePage } from '../engine/netstat/decode';
import { decodeConsoleText } from './console-text';
import {
  exhaustionEventsFrom,
  exhaustionEventsUnavailable,
  WEVTUTIL_ARGS,
  wevtutilFailureReason,
} from './parse-wevtutil';
import { runSystemTool, type ToolRunner } from './tool-runner';

export interface ExhaustionEventsOptions {
  run?: ToolRunner;
  codePage?: () => Promise<number>;
  nowMs?: () => number;
}

/**
 * Whether the System log gives its newest event: when no exhaustion events come back, this tells
 * a log without any from a wevtutil that answers nothing at all (Wine's).
 */
async function logAnswers(run: ToolRunner): Promise<boolean> {
  const out = await run('wevtutil', ['qe', 'System', '/c:1', '/rd:true', '/f:text'], {
    timeoutMs: 5_000,
    maxBuffer: 1024 * 1024,
  });
  return out.ok && out.stdout.some((byte) => byte > 32);
}

export async function readExhaustionEvents(options: ExhaustionEventsOptions = {}): Promise<ExhaustionEvents> {
  const run = options.run ?? runSystemTool;
  try {
    const [codePage, out] = await Promise.all([
      (options.codePage ?? (() => windowsConsoleCodePage('win32')))(),
      run('wevtutil', WEVTUTIL_ARGS, { timeoutMs: 10_000, maxBuffer: 4 * 1024 * 1024, keepStderr: true }),
    ]);
    const now = (options.nowMs ?? Date.now)();
    if (out.ok) {
      const text = decodeConsoleText(out.stdout, codePage);
      if (text.trim() === '' && !(await logAnswers(run))) {
        return exhaustionEventsUnavailable('wevtutil gave no events at all, not even the newest one');
      }
      return exhaustionEventsFrom(text, now);
    }
    const stderr = out.stderr ? decodeConsoleText(out.stderr, codePage) : '';
    return exhaustionEventsUnavailable(wevtutilFailureReason(stderr, out.message));
  } catch (error) {
    return exhaustionEventsUnavailable(error instanceof Error ? error.message : String(error));
  }
}
