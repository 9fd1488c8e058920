/**
 * What every layer of the main process logs through. It sits beside the layers rather than in any
 * one of them, so none has to import another for it. The app hands in its log file, the command
 * line a console writer, tests a recorder: none of this code knows which.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** `detail` is for the log file only (an Error with its stack, say): never shown to a person. */
  error(message: string, detail?: unknown): void;
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
