/**
 * What happens when the main process cannot start. Left alone, an exception during startup is only
 * logged (electron-log catches uncaught errors) and the process lives on without a window, holding
 * the single-instance lock: every later launch then quits at once and the person sees nothing.
 * Instead the app says so once, in a box, and exits.
 */
import type { App, Dialog } from 'electron';
import type { Logger } from '../logger';

export const STARTUP_FAILED_TITLE = 'SocketCloseTest could not start';

/** The box's sentence; the error itself goes to the log only. */
export function startupFailedMessage(logFile: string | null): string {
  return logFile === null
    ? 'Something went wrong while the app was starting, and it has closed. Its log could not be set up either, so there are no further details.'
    : `Something went wrong while the app was starting, and it has closed. The details are in the log file ${logFile}.`;
}

export interface StartupFailureDeps {
  app: Pick<App, 'releaseSingleInstanceLock' | 'exit'>;
  dialog: Pick<Dialog, 'showErrorBox'>;
  /** The log and its file once logging is set up; null before (or if setting it up failed). */
  logging: () => { logger: Logger; file: string } | null;
}

/** The handler for any startup failure, synchronous or from `whenReady`; only its first call acts. */
export function startupFailureHandler(deps: StartupFailureDeps): (error: unknown) => void {
  let failed = false;
  return (error) => {
    if (failed) return;
    failed = true;
    const logging = deps.logging();
    try {
      if (logging) logging.logger.error('SocketCloseTest could not start.', error);
      else console.error('SocketCloseTest could not start.', error);
      // Released before the box, which waits for the person: a launch meanwhile is not turned away.
      deps.app.releaseSingleInstanceLock();
      deps.dialog.showErrorBox(STARTUP_FAILED_TITLE, startupFailedMessage(logging?.file ?? null));
    } catch (reportError) {
      console.error('The startup failure could not be reported.', reportError);
    } finally {
      deps.app.exit(1);
    }
  };
}
