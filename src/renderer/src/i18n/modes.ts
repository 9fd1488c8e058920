/** The close orders' descriptions in the window's language; MODE_INFO keeps the English for the files. */
import type { Mode } from '@shared/modes';
import type { MessageKey } from './translator';

export function modeDoes(mode: Mode): MessageKey {
  return `mode.${mode}.does`;
}

const ON_WINDOWS: Record<Mode, MessageKey> = {
  any: 'mode.known.addressInUse',
  client: 'mode.known.addressInUse',
  simultaneous: 'mode.known.addressInUse',
  server: 'mode.known.ok',
  graceful: 'mode.known.reset',
  workaround: 'mode.known.okReadErrors',
  abort: 'mode.known.ok',
};

/** What the original program saw on Windows 10 with this close order. */
export function knownOnWindows(mode: Mode): MessageKey {
  return ON_WINDOWS[mode];
}

/** What Linux shows: every close order is fine there. */
export function knownOnLinux(_mode: Mode): MessageKey {
  return 'mode.known.ok';
}
