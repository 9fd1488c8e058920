/**
 * The only ipcMain user. Each invoke channel of the contract gets one handler that checks the
 * sender frame before anything else, then hands the raw arguments to the service, which parses
 * them. Nothing here trusts what the renderer sends.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { INVOKE } from '../../../shared/contract';
import type { Logger } from '../../logger';
import { REQUEST_METHODS, type ApiRequests } from '../../service/requests';
import { isTrustedSender, type TrustedPage } from './sender-check';

/** The message a refused frame gets: no detail about what it tried. */
export const REFUSED_MESSAGE = "Refused: this request did not come from the app's own window.";

/** Registers every invoke handler; the returned function removes them again. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  requests: ApiRequests,
  page: TrustedPage,
  log: Logger,
): () => void {
  for (const method of REQUEST_METHODS) {
    const channel = INVOKE[method];
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame, page)) {
        log.warn(`Refused ${channel} from ${frame?.url ?? 'a frame that no longer exists'}.`);
        throw new Error(REFUSED_MESSAGE);
      }
      try {
        return await requests[method](args);
      } catch (error) {
        // The service answers failures as replies; reaching here is a bug, so keep the stack in the log only.
        log.error(`The ${channel} request failed unexpectedly.`, error);
        throw new Error('Something went wrong in the app. The log file has the details.');
      }
    });
  }
  return () => {
    for (const method of REQUEST_METHODS) ipcMain.removeHandler(INVOKE[method]);
  };
}
