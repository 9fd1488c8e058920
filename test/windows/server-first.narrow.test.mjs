// The other half of Windows' pattern, in a narrow namespace of its own (so the exhausted ports of
// exhaustion.narrow.test.mjs are not here): the orders where the server closes first, or the
// client resets, leave no TIME_WAIT on the client's ports and run on with no error, far past 16
// connections.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { assertNarrowNamespace, cli, kernelCounts, readJson, tempFolder } from './helpers.mjs';

let folder;

before(() => {
  assertNarrowNamespace();
  folder = tempFolder('server-first');
});

['server', 'graceful', 'workaround', 'abort'].forEach((mode, i) => {
  test(`${mode}: no error on 16 ports, far past 16 connections`, async () => {
    const port = 40000 + i;
    const json = path.join(folder, `${mode}.json`);
    const run = await cli([mode, '--duration', '2', '--port', `${port}`, '--json', json]);
    assert.equal(run.code, 0, run.stderr);
    const doc = readJson(json);
    assert.equal(doc.outcome, 'ok', doc.summary);
    assert.deepEqual(doc.errors, []);
    assert.ok(doc.connections > 16 * 4, `only ${doc.connections} connections`);
    const kernel = kernelCounts(port);
    // Only the odd close that crossed the server's FIN (and the one in flight at the stop) leaves
    // TIME_WAIT on the client side: far fewer than the 16 ports.
    assert.ok(kernel.clientTimeWait < 8, `${kernel.clientTimeWait} TIME_WAIT on the client side`);
    const netstat = await cli(['netstat', '--port', `${port}`, '--json']);
    assert.equal(netstat.code, 0, netstat.stderr);
    const counts = JSON.parse(netstat.stdout);
    assert.equal(counts.client.byState.TIME_WAIT, kernel.clientTimeWait);
    assert.equal(counts.server.byState.TIME_WAIT, kernel.serverTimeWait);
    if (mode !== 'abort') {
      // The server closed first and holds the TIME_WAIT; a new SYN from a reused client port takes
      // over its entry (as Windows' "TIME_WAIT assassination" does), so there are at most 16.
      assert.ok(kernel.serverTimeWait >= 1, 'the server half holds TIME_WAIT');
    }
  });
});
