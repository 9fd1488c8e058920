/**
 * How the app and its panels find the window's store: through context, so the app hands them the
 * one built on `window.api` and tests hand them one built on a fake Api. Leaf components never
 * ask for it: they take what they show as props, and report what a person does through callbacks.
 */
import { getContext, setContext } from 'svelte';
import type { WindowStore } from './window-store.svelte';

/** Exported so tests can pass `context: new Map([[WINDOW_STORE_KEY, store]])` to render. */
export const WINDOW_STORE_KEY = Symbol('window-store');

export function setWindowStore(store: WindowStore): WindowStore {
  return setContext(WINDOW_STORE_KEY, store);
}

export function getWindowStore(): WindowStore {
  const store = getContext<WindowStore | undefined>(WINDOW_STORE_KEY);
  if (!store) throw new Error('A panel needs the window store, but none was set in context.');
  return store;
}
