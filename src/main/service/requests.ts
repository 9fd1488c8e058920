/**
 * The request side of the contract as the main process sees it: every method of `Api` that the
 * window invokes, taking the raw argument list (untrusted: it came over IPC) and answering what the
 * contract promises. The IPC layer, the browser test harness and the service all agree on this.
 */
import type { Api } from '../../shared/contract';
import { INVOKE } from '../../shared/contract';

export type RequestMethod = keyof typeof INVOKE;

export type ApiRequests = {
  [K in RequestMethod]: (args: unknown[]) => ReturnType<Api[K]>;
};

/** The request methods in the contract's order, so loops over them cannot miss one. */
export const REQUEST_METHODS = Object.keys(INVOKE) as RequestMethod[];
