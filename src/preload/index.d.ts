/** What the preload exposes to the window: the contract's Api, nothing else. */
import type { Api } from '../shared/contract';

declare global {
  interface Window {
    api: Api;
  }
}

export {};
