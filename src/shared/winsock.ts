/**
 * Winsock names and numbers for the libuv error codes this program meets, so Windows users see
 * the names their own tools and documentation use (WSAEADDRINUSE 10048, ...).
 */
export interface WinsockError {
  name: string;
  number: number;
}

export const WINSOCK: Readonly<Record<string, WinsockError>> = {
  EADDRINUSE: { name: 'WSAEADDRINUSE', number: 10048 },
  EADDRNOTAVAIL: { name: 'WSAEADDRNOTAVAIL', number: 10049 },
  ECONNABORTED: { name: 'WSAECONNABORTED', number: 10053 },
  ECONNRESET: { name: 'WSAECONNRESET', number: 10054 },
  ENOBUFS: { name: 'WSAENOBUFS', number: 10055 },
  ETIMEDOUT: { name: 'WSAETIMEDOUT', number: 10060 },
  ECONNREFUSED: { name: 'WSAECONNREFUSED', number: 10061 },
};

export function winsockFor(code: string): WinsockError | null {
  return WINSOCK[code] ?? null;
}

/** Codes that mean the client ran out of local ports: the Windows WSAEADDRINUSE failure. */
export const EXHAUSTION_CODES: readonly string[] = ['EADDRINUSE', 'EADDRNOTAVAIL', 'ENOBUFS'];
/** Codes that mean the peer reset the connection while we read. */
export const RESET_CODES: readonly string[] = ['ECONNRESET', 'ECONNABORTED'];
