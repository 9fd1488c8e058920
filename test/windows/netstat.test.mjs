// The netstat poller on Windows Node, reading Wine's live `netstat -an -p TCP` (the Windows
// format, built from the kernel's table) through the chcp code-page path, checked against the
// kernel's own table read from /proc.
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { assertNear, assertWindowsNode, cli, kernelCounts, tempFolder } from './helpers.mjs';

const SERVER_PORT = 61200;
const CLIENT_PORT = 61201;
/** A set number of connections, not a duration: a busy machine starts Wine's threads late. */
const CONNECTIONS = 400;
const LIMITED = ['--connections', `${CONNECTIONS}`, '--duration', '60'];

before(() => assertWindowsNode());

async function netstatJson(port) {
  const run = await cli(['netstat', '--port', `${port}`, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout);
}

test('server-first TIME_WAIT: netstat counts the server half as the kernel lists it', async () => {
  const run = await cli(['server', ...LIMITED, '--port', `${SERVER_PORT}`]);
  assert.equal(run.code, 0, run.stderr);
  const counts = await netstatJson(SERVER_PORT);
  const kernel = kernelCounts(SERVER_PORT);
  // Enough entries that 5% means something (a few close the other way round).
  assert.ok(
    kernel.serverTimeWait >= CONNECTIONS / 2,
    `the run left ${kernel.serverTimeWait} TIME_WAIT entries`,
  );
  assert.equal(counts.source, 'netstat -an -p TCP');
  assertNear(counts.server.total, kernel.server, 'server half');
  assertNear(counts.server.byState.TIME_WAIT, kernel.serverTimeWait, 'server half in TIME_WAIT');
  // chcp answers code page 0 under Wine; the state names must still be read, not left as OTHER.
  assert.equal(counts.server.byState.OTHER, 0);
  assertNear(counts.client.total, kernel.client, 'client half');
});

test('client-first TIME_WAIT: netstat counts the client half as the kernel lists it', async () => {
  const run = await cli(['client', ...LIMITED, '--port', `${CLIENT_PORT}`]);
  assert.equal(run.code, 0, run.stderr);
  const counts = await netstatJson(CLIENT_PORT);
  const kernel = kernelCounts(CLIENT_PORT);
  // Enough entries that 5% means something (a few close the other way round).
  assert.ok(
    kernel.clientTimeWait >= CONNECTIONS / 2,
    `the run left ${kernel.clientTimeWait} TIME_WAIT entries`,
  );
  assertNear(counts.client.total, kernel.client, 'client half');
  assertNear(counts.client.byState.TIME_WAIT, kernel.clientTimeWait, 'client half in TIME_WAIT');
  assertNear(counts.server.total, kernel.server, 'server half');
});

test('the text form prints the original program’s two totals', async () => {
  const run = await cli(['netstat', '--port', `${SERVER_PORT}`]);
  assert.equal(run.code, 0, run.stderr);
  const kernel = kernelCounts(SERVER_PORT);
  assert.match(run.stdout, new RegExp(`^Port ${SERVER_PORT}, from netstat -an -p TCP \\(`));
  const server = Number(/^server connections: ([\d,]+)/m.exec(run.stdout)?.[1].replaceAll(',', ''));
  assertNear(server, kernel.server, 'server connections');
});

test('an open connection is ESTABLISHED on both halves, and the listener is left out', async () => {
  const port = 61202;
  const server = net.createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const client = net.connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [peer] = await accepted;
  try {
    const counts = await netstatJson(port);
    const kernel = kernelCounts(port);
    assert.equal(kernel.server, 1);
    assert.equal(counts.server.total, 1);
    assert.equal(counts.server.byState.ESTABLISHED, 1);
    assert.equal(counts.client.total, 1);
    assert.equal(counts.client.byState.ESTABLISHED, 1);
  } finally {
    client.destroy();
    peer.destroy();
    server.close();
  }
});

test('a capture from a German Windows (CP850, CRLF) is read from a Windows path', async () => {
  const file = path.join(tempFolder('capture'), 'netstat-de.txt');
  const rows = [
    '',
    'Aktive Verbindungen',
    '',
    '  Proto  Lokale Adresse         Remoteadresse          Status',
    '  TCP    127.0.0.1:40000        0.0.0.0:0              ABHÖREN',
    '  TCP    127.0.0.1:40000        127.0.0.1:50001        WARTEND',
    '  TCP    127.0.0.1:40000        127.0.0.1:50002        HERGESTELLT',
    '  TCP    127.0.0.1:50003        127.0.0.1:40000        WARTEND',
    '',
  ];
  // CP850 is Latin-1 but for a few letters; Ö is 0x99 there (0xD6 in Latin-1).
  const bytes = Buffer.from(rows.join('\r\n'), 'latin1').map((b) => (b === 0xd6 ? 0x99 : b));
  writeFileSync(file, bytes);
  const run = await cli(['netstat', '--port', '40000', '--input', file, '--format', 'windows', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const counts = JSON.parse(run.stdout);
  assert.equal(counts.server.total, 2);
  assert.equal(counts.server.byState.TIME_WAIT, 1);
  assert.equal(counts.server.byState.ESTABLISHED, 1);
  assert.equal(counts.client.byState.TIME_WAIT, 1);
});
