/**
 * Where to find a system tool. On Windows, in System32 by full path: a program of the same name in
 * the working directory or early on PATH is never run in its place. On Linux and macOS, in the
 * system directories first: an app started from a desktop may have a PATH without /usr/sbin,
 * where netstat and sysctl live on macOS.
 */
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
