import net from 'node:net';

/**
 * One connection of the client's loop. Its fields are declared once, so every socket has the same
 * shape and the shared listeners stay fast.
 */
export class LoopSocket extends net.Socket {
  connected = false;
  /**
   * The local port, read only when an error ends a connected socket: Node closes the handle
   * before 'error' is emitted, so it is taken here, while the handle is still open, instead of
   * asking the system for every connection.
   */
  portAtError: number | null = null;

  constructor(
    options: net.SocketConstructorOpts,
    readonly connection: number,
  ) {
    super(options);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (err && this.connected) this.portAtError = this.localPort ?? null;
    super._destroy(err, callback);
  }
}
