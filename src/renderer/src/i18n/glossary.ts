/** The words of the trade the window uses, each with a short explanation a newcomer can open. */
import type { MessageKey } from './translator';

export const TERMS = [
  'halfConnection',
  'timeWait',
  'ephemeralPorts',
  'closeOrder',
  'connectsPerSecond',
  'addressInUse',
  'connectionReset',
  'destination',
  'closeWait',
  'usablePorts',
] as const;
export type Term = (typeof TERMS)[number];

export function termName(term: Term): MessageKey {
  return `glossary.${term}.name`;
}

export function termText(term: Term): MessageKey {
  return `glossary.${term}.text`;
}

/** The error codes the glossary explains, by the name Node or Winsock gives them. */
const TERM_OF_CODE: Readonly<Record<string, Term>> = {
  EADDRNOTAVAIL: 'addressInUse',
  EADDRINUSE: 'addressInUse',
  WSAEADDRINUSE: 'addressInUse',
  WSAEADDRNOTAVAIL: 'addressInUse',
  ECONNRESET: 'connectionReset',
  WSAECONNRESET: 'connectionReset',
};

/** The explanation that goes with an error code, if the glossary has one. */
export function termOfCode(code: string): Term | null {
  return TERM_OF_CODE[code] ?? null;
}
