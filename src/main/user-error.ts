/**
 * Errors meant for a person. Every error whose message is a sentence someone can act on extends
 * UserError, so the window and the command line each tell them apart from a bug with one check,
 * and a new kind of refusal can never fall through to "something went wrong".
 */

export interface UserErrorOptions {
  /**
   * A further line the command line prints under the message: a flag to add, where the usage is.
   * The window has its own controls for these and shows the message alone.
   */
  hint?: string;
  cause?: unknown;
}

/** A failure whose message is already a sentence for a person; the log may hold more. */
export class UserError extends Error {
  override name = 'UserError';
  readonly hint: string | null;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint ?? null;
  }
}

/** The sentence to show: a UserError's own, or a plain line naming what was not expected. */
export function messageOf(error: unknown): string {
  if (error instanceof UserError) return error.message;
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
}

/** The command line's further line for this error, if it has one. */
export function hintOf(error: unknown): string | null {
  return error instanceof UserError ? error.hint : null;
}
