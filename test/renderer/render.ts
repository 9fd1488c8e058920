/**
 * Renders a piece of the window on a WindowStore built on a FakeApi, the way the app does: a
 * panel finds the store through context; a leaf component is handed props by its panel.
 */
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { WINDOW_STORE_KEY } from '@renderer/store/context';
import { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from './fake-api';

/** A panel (or App's children), with the store in context. */
export function renderWithStore(component: Component, api = new FakeApi()) {
  const store = new WindowStore(api);
  const result = render(component, { context: new Map([[WINDOW_STORE_KEY, store]]) });
  return { ...result, store, api };
}

/** A prop the leaf binds (`bind:`), read from the store and written back to it. */
export class Bound<T> {
  constructor(
    readonly get: () => T,
    readonly set: (value: T) => void,
  ) {}
}

export function bound<T>(get: () => T, set: (value: T) => void): Bound<T> {
  return new Bound(get, set);
}

type Given<Props> = { [K in keyof Props]: Props[K] | Bound<Props[K]> };

/**
 * A leaf, with the props `props(store)` names, each read again from the store whenever the leaf
 * reads it, so a test changes the store and sees the leaf follow, as under its panel; a `bound`
 * prop also carries the leaf's writes back to the store.
 */
export function renderLeaf<Props extends Record<string, unknown>>(
  component: Component<Props, Record<string, never>, string>,
  props: (store: WindowStore) => Given<Props>,
  api = new FakeApi(),
) {
  const store = new WindowStore(api);
  const named = props(store);
  const live = {} as Props;
  for (const key of Object.keys(named)) {
    const given = named[key];
    Object.defineProperty(
      live,
      key,
      // Configurable, as the props object Testing Library wraps in a Proxy must be.
      given instanceof Bound
        ? { configurable: true, enumerable: true, get: given.get, set: given.set }
        : { configurable: true, enumerable: true, get: () => props(store)[key] },
    );
  }
  // Testing Library's ComponentProps cannot unwrap a generic Props; the caller's were checked above.
  const result = render(component as unknown as Component, { props: live });
  return { ...result, store, api };
}
