/**
 * The close-order table: for each mode, what the client does once connected and what the server
 * does once it has accepted. client-side.ts and server-side.ts are the loops that read it; the
 * words a person sees for each mode are in src/shared/modes.ts.
 */
import type { Mode } from '../../shared/modes';

export interface ClientOrder {
  /**
   * What the client waits for before it closes: nothing; the server's close (a count the server
   * signals); the barrier both sides meet at; or the server's FIN, reading to the end.
   */
  waits: 'nothing' | 'server-closed' | 'barrier' | 'fin';
  /** Sends the request byte first, asking the server to close (the workaround). */
  asks?: true;
  /** Closes with a reset (RST), leaving no TIME_WAIT; a stop closes the connection in flight so too. */
  resets?: true;
  /** Signals the server once closed (the server waits for it). */
  signals?: true;
  /** A read error while reading to the end is counted, not recorded: the workaround expects them. */
  ignoresReadErrors?: true;
}

export interface ServerOrder {
  /** What the server waits for before it closes: nothing; the client's close; the barrier; the request byte. */
  waits: 'nothing' | 'client-closed' | 'barrier' | 'request';
  /** Signals the client once closed (the client waits for it). */
  signals?: true;
}

export interface CloseOrder {
  client: ClientOrder;
  server: ServerOrder;
}

// Kept as a table, one mode a line, so the whole set of orders reads on one screen.
// prettier-ignore
export const CLOSE_ORDERS: Readonly<Record<Mode, CloseOrder>> = {
  any:          { client: { waits: 'nothing' },                  server: { waits: 'nothing' } },
  client:       { client: { waits: 'nothing', signals: true },   server: { waits: 'client-closed' } },
  server:       { client: { waits: 'server-closed' },            server: { waits: 'nothing', signals: true } },
  simultaneous: { client: { waits: 'barrier' },                  server: { waits: 'barrier' } },
  graceful:     { client: { waits: 'fin' },                      server: { waits: 'nothing' } },
  workaround:   { client: { waits: 'fin', asks: true, ignoresReadErrors: true },
                                                                 server: { waits: 'request' } },
  abort:        { client: { waits: 'nothing', resets: true },    server: { waits: 'nothing' } },
};
