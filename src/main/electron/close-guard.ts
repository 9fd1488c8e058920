/**
 * Closing the window during a run asks first: a click on the cross should not end a twenty-minute
 * Run all by accident. The question says what stopping means (the results so far are kept), and
 * "Keep running" is the default, so Enter or Escape leaves the test alone. Once confirmed, the
 * window closes and the quit guard stops the run and saves what it has.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import type { Logger } from '../logger';

export interface Busy {
  readonly busy: boolean;
}

/** The question, whole, so it can be read and translated as one. */
export const CLOSE_QUESTION: MessageBoxOptions = {
  type: 'question',
  title: 'SocketCloseTest',
  message: 'A test is still running. Stop it and close the window?',
  detail:
    'The results so far are kept: they are saved before the program closes, and shown when you open it again.',
  buttons: ['Stop the test and close', 'Keep running'],
  defaultId: 1,
  cancelId: 1,
  noLink: true,
};

const STOP_AND_CLOSE = 0;

export function installCloseGuard(
  window: Pick<BrowserWindow, 'on' | 'close' | 'isDestroyed'>,
  controller: Busy,
  dialog: Pick<Dialog, 'showMessageBox'>,
  log: Logger,
): void {
  let confirmed = false;
  let asking = false;
  window.on('close', (event) => {
    if (confirmed || !controller.busy) return;
    event.preventDefault();
    // A second click on the cross while the question is open asks nothing more.
    if (asking) return;
    asking = true;
    dialog
      .showMessageBox(window as BrowserWindow, CLOSE_QUESTION)
      .then(({ response }) => {
        if (response !== STOP_AND_CLOSE || window.isDestroyed()) return;
        confirmed = true;
        log.info('The window was closed during a run: stopping it and saving the results so far.');
        window.close();
      })
      .catch((error: unknown) => log.error('The question before closing could not be shown.', error))
      .finally(() => (asking = false));
  });
}
