/**
 * Diagnostics in the platform's usual log folder (electron-log: %APPDATA%\SocketCloseTest\logs on
 * Windows, ~/Library/Logs/SocketCloseTest on macOS, ~/.config/SocketCloseTest/logs on Linux).
 * Starts, stops, outcomes and failures only: never a line per connection.
 */
import log from 'electron-log/main';
import { dirname } from 'node:path';
import type { Logger } from '../logger';

export interface AppLogging {
  logger: Logger;
  /** The folder holding main.log, for "Open log folder". */
  folder: string;
}

export function setupLogging(): AppLogging {
  log.transports.file.level = 'info';
  log.transports.console.level = 'warn';
  // An uncaught error is logged, never shown as a dialog with a stack trace.
  log.errorHandler.startCatching({ showDialog: false });
  return {
    logger: {
      info: (message) => log.info(message),
      warn: (message) => log.warn(message),
      error: (message, detail) => (detail === undefined ? log.error(message) : log.error(message, detail)),
    },
    folder: dirname(log.transports.file.getFile().path),
  };
}
