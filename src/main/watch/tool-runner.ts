/**
 * How the Windows and macOS readers run their tools, as one function a test can stand in for
 * (with captured output) while the rest of the reader runs as it does on the machine.
 */
import { execFile } from 'node:child_process';
import { runTool, systemTool } from '../engine/netstat/system-tool';

export type ToolResult =
  | { ok: true; stdout: Buffer }
  | { ok: false; reason: 'missing' | 'timeout' | 'failed'; message: string; stderr: Buffer | null };

export type ToolRunner = (
  command: string,
  args: string[],
  options: { timeoutMs: number; maxBuffer: number; keepStderr?: boolean },
) => Promise<ToolResult>;

/**
 * runTool (found in System32 by full path, no console window, bounded in time and output); when
 * the tool's own words on failure matter (wevtutil's "Access is denied."), the same run through
 * execFile directly, since runTool keeps only the first line of a failure.
 */
export const runSystemTool: ToolRunner = async (command, args, options) => {
  if (options.keepStderr) return runKeepingStderr(command, args, options);
  const out = await runTool(command, args, 'buffer', options);
  return out.ok ? out : { ...out, stderr: null };
};

function runKeepingStderr(
  command: string,
  args: string[],
  { timeoutMs, maxBuffer }: { timeoutMs: number; maxBuffer: number },
): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      systemTool(command),
      args,
      { encoding: 'buffer', windowsHide: true, timeout: timeoutMs, maxBuffer },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, stdout });
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          resolve({ ok: false, reason: 'missing', message: `${command} was not found`, stderr: null });
        else if (error.killed)
          resolve({
            ok: false,
            reason: 'timeout',
            message: `${command} did not answer within ${timeoutMs / 1000} s`,
            stderr: null,
          });
        else resolve({ ok: false, reason: 'failed', message: `${command} failed`, stderr });
      },
    );
  });
}
