/** Renders a window component with a session built on a FakeApi, as the app would through context. */
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { SESSION_KEY } from '@renderer/lib/context';
import { Session } from '@renderer/lib/session.svelte';
import { FakeApi } from './fake-api';

export function renderWithSession(component: Component, api = new FakeApi()) {
  const session = new Session(api);
  const result = render(component, { context: new Map([[SESSION_KEY, session]]) });
  return { ...result, session, api };
}
