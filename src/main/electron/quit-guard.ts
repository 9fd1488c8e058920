/**
 * Quitting during a run stops the engine first, so no worker thread is killed mid-connection and
 * the results of the run so far are saved. A stop takes about a second; a cap keeps a stuck stop
 * from holding the app open.
 */
import type { App } from 'electron';
import type { Logger } from '../logger';

export interface Stoppable {
  readonly busy: boolean;
  shutdown(): Promise<void>;
}

export function installQuitGuard(
  app: Pick<App, 'on' | 'quit'>,
  controller: Stoppable,
  log: Logger,
  capMs = 5000,
): void {
  let stopping = false;
  app.on('before-quit', (event) => {
    if (!controller.busy || stopping) return;
    event.preventDefault();
    stopping = true;
    log.info('Quitting during a run: stopping it first.');
    const cap = new Promise<void>((resolve) => setTimeout(resolve, capMs).unref());
    void Promise.race([controller.shutdown(), cap])
      .catch((error: unknown) => log.error('The run could not be stopped cleanly before quitting.', error))
      .finally(() => app.quit());
  });
}
