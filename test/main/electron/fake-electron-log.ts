/** A stand-in for electron-log/main: records lines instead of writing the user's log folder. */
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const lines: string[] = [];
const folder = join(tmpdir(), 'sct-fake-logs');

const log = {
  lines,
  folder,
  caught: null as unknown,
  transports: {
    file: { level: 'silly' as string, getFile: () => ({ path: join(folder, 'main.log') }) },
    console: { level: 'silly' as string },
  },
  errorHandler: {
    startCatching(options: unknown): void {
      log.caught = options;
    },
  },
  info: (...args: unknown[]) => void lines.push(`info ${args.map(String).join(' ')}`),
  warn: (...args: unknown[]) => void lines.push(`warn ${args.map(String).join(' ')}`),
  error: (...args: unknown[]) => void lines.push(`error ${args.map(String).join(' ')}`),
};

export default log;
