/** Which reader gives this machine's connection table. */
import { UserError } from '../user-error';
import { linuxSource } from './linux-source';
import { macosSource } from './macos-source';
import type { TableSource } from './table-source';
import { windowsSource } from './windows-source';

export function tableSource(platform: NodeJS.Platform): TableSource {
  if (platform === 'linux') return linuxSource();
  if (platform === 'win32') return windowsSource();
  if (platform === 'darwin') return macosSource();
  throw new UserError(
    `Watching this computer's connections is possible on Windows, macOS and Linux, not on ${platform}.`,
  );
}
