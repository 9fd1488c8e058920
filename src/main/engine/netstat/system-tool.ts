/**
 * Where to find a system tool. On Windows, in System32 by full path: a program of the same name in
 * the working directory or early on PATH is never run in its place. On Linux and macOS, in the
 * system directories first: an app started from a desktop may have a PATH without /usr/sbin,
 * where netstat and sysctl live on macOS.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const UNIX_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const found = new Map<string, string>();

export function systemTool(name: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const root = process.env.SystemRoot ?? process.env.windir ?? 'C:\\Windows';
    return path.win32.join(root, 'System32', `${name}.exe`);
  }
  let location = found.get(name);
  if (location === undefined) {
    location = UNIX_DIRS.map((dir) => `${dir}/${name}`).find((file) => existsSync(file)) ?? name;
    found.set(name, location);
  }
  return location;
}

/** How a tool run went: its output, or why there is none, in words a sentence can end with. */
export type ToolOutput<T> =
  { ok: true; stdout: T } | { ok: false; reason: 'missing' | 'timeout' | 'failed'; message: string };

export interface RunToolOptions {
  platform?: NodeJS.Platform;
  timeoutMs?: number;
  /** Bytes of output kept (execFile's own default is 1 MB). */
  maxBuffer?: number;
}

/**
 * Runs a system tool the same way everywhere: found by systemTool, without a console window
 * (windowsHide: on Windows each run would otherwise flash one), bounded in time and output, and
 * never rejecting: the caller words the failure for its own reader.
 */
export function runTool(
  command: string,
  args: string[],
  encoding: 'latin1',
  options?: RunToolOptions,
): Promise<ToolOutput<string>>;
export function runTool(
  command: string,
  args: string[],
  encoding: 'buffer',
  options?: RunToolOptions,
): Promise<ToolOutput<Buffer>>;
export function runTool(
  command: string,
  args: string[],
  encoding: 'latin1' | 'buffer',
  { platform = process.platform, timeoutMs = 5000, maxBuffer }: RunToolOptions = {},
): Promise<ToolOutput<string | Buffer>> {
  return new Promise((resolve) => {
    execFile(
      systemTool(command, platform),
      args,
      { encoding, windowsHide: true, timeout: timeoutMs, ...(maxBuffer ? { maxBuffer } : {}) },
      (error, stdout: string | Buffer) => {
        if (!error) return resolve({ ok: true, stdout });
        const firstLine = error.message.split('\n')[0] ?? '';
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          resolve({ ok: false, reason: 'missing', message: `${command} was not found` });
        else if (error.killed)
          resolve({
            ok: false,
            reason: 'timeout',
            message: `${command} did not answer within ${timeoutMs / 1000} s`,
          });
        else resolve({ ok: false, reason: 'failed', message: firstLine });
      },
    );
  });
}
