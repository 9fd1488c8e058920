/**
 * How components find the session: through context, so the app hands them the one built on
 * `window.api` and tests hand them one built on a fake Api.
 */
import { getContext, setContext } from 'svelte';
import type { Session } from './session.svelte';

/** Exported so tests can pass `context: new Map([[SESSION_KEY, session]])` to render. */
export const SESSION_KEY = Symbol('session');

export function setSession(session: Session): Session {
  return setContext(SESSION_KEY, session);
}

export function useSession(): Session {
  const session = getContext<Session | undefined>(SESSION_KEY);
  if (!session) throw new Error('A component needs the session, but none was set in context.');
  return session;
}
