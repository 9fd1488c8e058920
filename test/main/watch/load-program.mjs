// One load program for the watch's tests: a server, a client or a leaker, chosen by the JSON
// config in its only argument. Each role runs as its own process so the watch sees a distinct
// owner (PID) for each. It writes JSON lines on stdout: "ready" once it runs, "first-error" at
// the first failed connect (its code and time), "counts" every second, and "stopped" after
// SIGTERM, when it closes everything and exits 0.
//
//   server  { role, listeners: [{ host, port, closeFirst, holdMs }] }
//           closeFirst: the server ends each connection after holdMs (the client then closes);
//           otherwise it waits for the client's close and closes in turn.
//   client  { role, host, port, rate, holdMs, closeFirst }
//           rate connects a second; closeFirst: the client ends each after holdMs (TIME_WAIT
//           stays on the client's side); otherwise it waits for the server to close first.
//   leaker  { role, host, port, rate, count }
//           opens count connections and never closes them, not even after the server closed
//           its side: they sit in CLOSE_WAIT until the program stops.
import net from 'node:net';

const config = JSON.parse(process.argv[2] ?? '{}');
const counts = { ok: 0, errors: 0, open: 0, accepted: 0 };
let firstError = null;
const sockets = new Set();
const timers = [];
let stopping = false;

function say(event, extra = {}) {
  process.stdout.write(
    `${JSON.stringify({ event, role: config.role, pid: process.pid, timeMs: Date.now(), ...extra })}\n`,
  );
}

function track(socket) {
  sockets.add(socket);
  counts.open++;
  socket.once('close', () => {
    sockets.delete(socket);
    counts.open--;
  });
}

function runServer() {
  const servers = config.listeners.map(
    (listener) =>
      new Promise((resolve, reject) => {
        const server = net.createServer((socket) => {
          counts.accepted++;
          track(socket);
          socket.on('error', () => {});
          if (listener.closeFirst) setTimeout(() => socket.end(), listener.holdMs ?? 0).unref();
          // Otherwise the default (allowHalfOpen false) ends our side when the client's FIN comes.
        });
        server.on('error', reject);
        server.listen({ host: listener.host, port: listener.port, backlog: 1024 }, () => resolve(server));
      }),
  );
  return Promise.all(servers);
}

/** Connects at a steady rate from the start time, catching up after a stall rather than drifting. */
function pace(rate, limit, connect) {
  const started = Date.now();
  let made = 0;
  const timer = setInterval(() => {
    if (stopping) return;
    const due = Math.min(Math.floor(((Date.now() - started) * rate) / 1000), limit);
    // A long stall (a busy machine) does not turn into a burst of hundreds at once.
    let burst = 0;
    while (made < due && burst++ < 50) {
      made++;
      connect();
    }
  }, 10);
  timers.push(timer);
}

function failed(error) {
  counts.errors++;
  if (!firstError) {
    firstError = { code: error.code ?? String(error.message), timeMs: Date.now(), ok: counts.ok };
    say('first-error', firstError);
  }
}

function runClient() {
  pace(config.rate, Infinity, () => {
    const socket = net.connect({ host: config.host, port: config.port });
    track(socket);
    socket.on('error', failed);
    socket.on('connect', () => {
      counts.ok++;
      if (config.closeFirst) setTimeout(() => socket.end(), config.holdMs ?? 0).unref();
      // Otherwise the server ends first and the default (allowHalfOpen false) ends ours in turn.
    });
  });
}

function runLeaker() {
  pace(config.rate, config.count, () => {
    // allowHalfOpen: the server's FIN does not end our side, so the socket stays in CLOSE_WAIT.
    const socket = net.connect({ host: config.host, port: config.port, allowHalfOpen: true });
    track(socket);
    socket.on('error', failed);
    socket.on('connect', () => counts.ok++);
    socket.on('end', () => {});
  });
}

function report(event) {
  say(event, { ...counts, firstError });
}

process.on('SIGTERM', () => {
  stopping = true;
  for (const timer of timers) clearInterval(timer);
  report('stopped');
  for (const socket of sockets) socket.destroy();
  process.stdout.write('', () => process.exit(0));
});

try {
  if (config.role === 'server') await runServer();
  else if (config.role === 'client') runClient();
  else if (config.role === 'leaker') runLeaker();
  else throw new Error(`unknown role ${config.role}`);
  say('ready');
  timers.push(setInterval(() => report('counts'), 1000));
} catch (error) {
  say('failed', { message: String(error?.message ?? error) });
  process.exit(1);
}
