/**
 * A port for a browser run with nothing listed on it: an earlier run's TIME_WAIT on the same port
 * would make the engine wait (or mix its evidence in). Counted with the app's own poller, so the
 * check works wherever the app does (Linux, Windows, macOS), not only where `ss` exists.
 */
import { createServer } from 'node:net';
import { NetstatPoller } from '../../../src/main/engine/netstat/poller';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port in [from, to) that can be bound and has no half-connections listed. */
export async function quietPort(from: number, to: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = from + Math.floor(Math.random() * (to - from));
    const counts = await new NetstatPoller({ port }).pollOnce();
    // Uncountable here: the engine cannot wait on what it cannot see either, so a bindable port will do.
    const quiet = counts === null || counts.server.total + counts.client.total === 0;
    if (quiet && (await canListen(port))) return port;
  }
  throw new Error(`No quiet port between ${from} and ${to}: every one tried still lists connections.`);
}
