/** A WindowStore on a FakeApi, connected as the app connects it, with its first loads answered. */
import { WindowStore } from '@renderer/store/window-store.svelte';
import { FakeApi } from './fake-api';

export async function connectedStore(
  api = new FakeApi(),
): Promise<{ api: FakeApi; store: WindowStore; off: () => void }> {
  const store = new WindowStore(api);
  const off = store.connect();
  await new Promise((r) => setTimeout(r, 0));
  return { api, store, off };
}
