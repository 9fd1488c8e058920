// The watch's Windows reader on Windows Node: captured netstat -ano, tasklist and wevtutil text
// (English, and a German machine's CP850) read through it, then Wine's live tools. Wine's netstat
// ignores -o (no PID column) and lists no listeners, its tasklist lists nothing and its wevtutil
// answers nothing: the live checks hold the reader to what Wine gives, and to a sentence for the rest.
// The reader runs once, in one child process (watch-reader.mjs), for the first three tests: Windows
// Node under Wine takes seconds to start, and this group shares its time limit with the others.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import { ROOT, assertWindowsNode, cli, readJson, tempFolder } from './helpers.mjs';

const PORT = 61400;
let folder;
/** What watch-reader.mjs read, once for the tests below. */
let read;

before(async () => {
  assertWindowsNode();
  folder = tempFolder('watch');
  read = await reader([`${PORT}`], 'reader');
});

/** Runs watch-reader.mjs under this Windows Node, loading the TypeScript sources as they are. */
function reader(args, name) {
  const file = path.join(folder, `${name}.json`);
  const hooks = pathToFileURL(path.join(ROOT, 'test', 'windows', 'watch-ts-hooks.mjs')).href;
  const script = path.join(ROOT, 'test', 'windows', 'watch-reader.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', '--import', hooks, script, ...args, file],
      { windowsHide: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    const timer = setTimeout(() => child.kill(), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`watch-reader ${args.join(' ')} ended with ${code}: ${stderr}`));
      else resolve(readJson(file));
    });
  });
}

test('captured netstat -ano, tasklist and wevtutil text is read the same in English and German (CP850)', async () => {
  const { english, german, denied } = read.captured;
  assert.equal(english.rows.length, 21);
  assert.equal(english.info.source, 'netstat -ano -p TCP, netstat -ano -p TCPv6');
  // The German capture lacks one listener (0.0.0.0:445); every other row is the same row.
  assert.deepEqual(
    german.rows,
    english.rows.filter((r) => r.localPort !== 445),
  );
  const leak = german.rows.filter((r) => r.state === 'CLOSE_WAIT');
  assert.deepEqual(
    leak.map((r) => r.pid),
    [9012, 9012],
  );
  assert.equal(german.info.names['9012'], 'Prüfdienst.exe');
  assert.equal(english.info.names['9012'], 'leaky, the server.exe');
  assert.ok(german.rows.filter((r) => r.state === 'TIME_WAIT').every((r) => r.pid === null));
  assert.deepEqual(
    german.events.events.map((e) => e.id),
    [4231, 4227],
  );
  assert.match(german.events.events[1].message, /^TCP\/IP konnte keine ausgehende Verbindung herstellen/);
  assert.deepEqual(
    english.events.events.map((e) => e.id),
    [4231, 4227],
  );
  assert.equal(
    denied.note,
    'The System log could not be read: wevtutil answered "Failed to read events. Access is denied".',
  );
});

test("Wine's own netstat: the reader lists this program's connection once per half, and says what it cannot know", async () => {
  const { pid, clientPort, read: table, events, facts } = read.live;
  assert.equal(table.error, undefined, table.error);
  const mine = table.rows.filter((r) => r.localPort === PORT || r.remotePort === PORT);
  const connection = mine.filter((r) => r.state !== 'LISTEN');
  assert.deepEqual(
    connection
      .map((r) => `${r.localAddress}:${r.localPort} ${r.remoteAddress}:${r.remotePort} ${r.state}`)
      .sort(),
    [
      `127.0.0.1:${clientPort} 127.0.0.1:${PORT} ESTABLISHED`,
      `127.0.0.1:${PORT} 127.0.0.1:${clientPort} ESTABLISHED`,
    ].sort(),
  );
  // With a PID column (Windows) the owner is this program; without one (Wine) owners are said
  // to be unavailable rather than guessed.
  if (table.info.ownersAvailable) for (const r of mine) assert.equal(r.pid, pid);
  else {
    assert.ok(mine.every((r) => r.pid === null));
    assert.equal(
      table.info.ownersNote,
      'Owners are not available on this system: netstat did not list process ids.',
    );
  }
  for (const r of mine.filter((row) => row.state === 'LISTEN')) assert.equal(r.remotePort, 0);
  // The System log: its events, or a sentence why it could not be read; the facts carry the same.
  for (const answer of [events, facts.exhaustionEvents]) {
    assert.ok(answer, 'the machine facts carry the exhaustion events on Windows');
    if (answer.available) assert.ok(Array.isArray(answer.events));
    else assert.match(answer.note, /^The System log could not be read: .+\.$/);
  }
});

test('a result made on Windows carries the System log’s answer, and its Markdown says it', () => {
  const { facts, markdownFacts } = read.live;
  const events = facts.exhaustionEvents;
  const row = markdownFacts.find(
    ([label]) => label === 'Windows port-exhaustion events (4227, 4231) in the last 24 hours',
  );
  assert.ok(row, 'the Markdown report has the row');
  if (events.available) {
    assert.equal(row[1], events.events.length === 0 ? 'none' : `${events.events.length} (listed below)`);
  } else {
    assert.match(events.note, /^The System log could not be read: .+\.$/);
    assert.equal(row[1], `unknown (${events.note})`);
  }
});

/** Connections the watch test holds open to its own listener. */
const HELD = 3;

test('socketclosetest watch --once: a poll of this machine with the test’s own connection as a destination', async () => {
  const port = PORT + 2;
  const server = net.createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  // Three connections, so the destination holds three ports: a poll lists its 50 busiest
  // destinations, and other tests' leftovers in this namespace can make many holding one each.
  const accepted = [];
  server.on('connection', (sock) => accepted.push(sock));
  const clients = [];
  for (let i = 0; i < HELD; i++) {
    const client = net.connect(port, '127.0.0.1');
    await once(client, 'connect');
    clients.push(client);
  }
  while (accepted.length < HELD) await new Promise((resolve) => setTimeout(resolve, 10));
  try {
    const file = path.join(folder, 'watch.jsonl');
    const run = await cli(['watch', '--once', '--json', file]);
    assert.equal(run.code, 0, run.stderr);
    const poll = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]);
    assert.equal(poll.kind, 'socketclosetest-watch');
    assert.equal(poll.error, null);
    assert.equal(poll.source, 'netstat -ano -p TCP, netstat -ano -p TCPv6');
    const destination = poll.destinations.find((d) => d.endpoint === `127.0.0.1:${port}`);
    assert.ok(
      destination,
      `127.0.0.1:${port} is among ${poll.destinations.map((d) => d.endpoint).join(', ')}`,
    );
    assert.equal(destination.byState.ESTABLISHED, HELD);
    assert.ok(poll.machine.connections >= 2);
    if (poll.machine.ownersAvailable) {
      assert.ok(poll.programs.some((p) => p.pid === process.pid));
    } else {
      // The reader's sentence first; the watch may add its own (TIME_WAIT has no owner anywhere).
      assert.match(
        poll.machine.ownersNote,
        /^Owners are not available on this system: netstat did not list process ids\./,
      );
      assert.match(run.stdout, /Owners are not available on this system: netstat did not list process ids\./);
    }
  } finally {
    for (const sock of [...clients, ...accepted]) sock.destroy();
    server.close();
  }
});
