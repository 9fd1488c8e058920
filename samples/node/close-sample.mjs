// Client-first close versus "the client asks the server to close", with node:net.
//
//   node close-sample.mjs naive|fixed|abort [connections] [port]
//
// naive: the client closes first (destroy() at once), so the client's side keeps each local port
//        in TIME_WAIT; on Windows connect fails with EADDRINUSE once the ports are used up.
// fixed: the client writes one byte asking the server to close, the server closes first, the
//        client reads to the end ('end', or an ECONNRESET there, which it ignores), then closes.
// abort: the client closes with resetAndDestroy() (SO_LINGER 0): a reset, no TIME_WAIT.
// Exit code 0 when every connection was made, 1 when a connect failed, 2 for bad usage.
import net from 'node:net';

const [mode, countText = '50000', portText = '40000'] = process.argv.slice(2);
if (!['naive', 'fixed', 'abort'].includes(mode)) {
  console.error('usage: node close-sample.mjs naive|fixed|abort [connections] [port]');
  process.exit(2);
}
const count = Number(countText);
const port = Number(portText);

const server = net.createServer((socket) => {
  socket.on('error', () => {}); // a reset from an aborting client is expected
  if (mode === 'fixed') {
    // The client's request to close: close first, so TIME_WAIT stays on the server's side.
    socket.once('data', () => socket.destroy());
  } else {
    // Wait for the client's close, so that the client is the side that closes first.
    socket.on('end', () => socket.destroy());
    socket.resume();
  }
});

function once() {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      if (mode === 'naive') {
        socket.destroy();
        resolve();
      } else if (mode === 'abort') {
        socket.resetAndDestroy();
        resolve();
      } else {
        socket.write('q'); // "please close"; never socket.end() here: that half-closes first
        socket.resume();
        socket.once('end', () => socket.destroy()); // the server closed: now close
        socket.once('close', () => resolve());
      }
    });
    socket.once('error', (error) => {
      // After 'connect' a read error (ECONNRESET) at the end is ignored; before it, it is fatal.
      if (!connected) reject(error);
    });
  });
}

server.listen(port, '127.0.0.1', async () => {
  for (let i = 0; i < count; i++) {
    try {
      await once();
    } catch (error) {
      console.log(`connect failed after ${i} connections: ${error.code} (${error.message})`);
      process.exit(1);
    }
  }
  console.log(`ok: ${count} connections`);
  process.exit(0);
});
