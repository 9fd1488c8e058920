/** Renders a window component with a store built on a FakeApi, as the app would through context. */
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { WINDOW_STORE_KEY } from '@renderer/store/context';
import { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from './fake-api';

export function renderWithStore(component: Component, api = new FakeApi()) {
  const store = new WindowStore(api);
  const result = render(component, { context: new Map([[WINDOW_STORE_KEY, store]]) });
  return { ...result, store, api };
}
