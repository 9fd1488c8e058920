// The built command line end to end on Windows Node: every mode with real sockets, its result
// files written to Windows paths, and its exit codes.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { ROOT, assertWindowsNode, cli, readJson, tempFolder } from './helpers.mjs';

const MODES = ['any', 'client', 'server', 'simultaneous', 'graceful', 'workaround', 'abort'];
const windowsBuild = os.release().split('.')[2];
let folder;

before(() => {
  assertWindowsNode();
  folder = tempFolder('cli');
});

describe('each mode', () => {
  MODES.forEach((mode, i) => {
    test(`${mode}: runs, and writes JSON, Markdown and CSV to a Windows path`, async () => {
      const port = 61100 + i;
      const json = path.join(folder, `${mode}.json`);
      const markdown = path.join(folder, `${mode}.md`);
      const csv = path.join(folder, `${mode}.csv`);
      // An earlier result in place: Windows must let the new file replace it.
      writeFileSync(json, 'an earlier result');
      const outputs = ['--json', json, '--markdown', markdown, '--csv', csv];
      const run = await cli([mode, '--duration', '2', '--port', `${port}`, ...outputs]);

      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^${mode}: connecting to 127\\.0\\.0\\.1:${port} for 2 s`, 'm'));
      assert.ok(run.stdout.includes(`results written to ${json}`), run.stdout);
      const doc = readJson(json);
      assert.equal(doc.kind, 'socketclosetest-run');
      assert.equal(doc.mode, mode);
      assert.equal(doc.config.port, port);
      assert.equal(doc.system.platform, 'win32');
      assert.equal(doc.system.release, os.release());
      // Wine's TCP is Linux's, with a wide port range here: no close order fails.
      assert.equal(doc.outcome, 'ok', doc.summary);
      assert.deepEqual(doc.errors, []);
      // Wine connects a few hundred times a second, less on a busy machine.
      assert.ok(doc.connections >= 20, `only ${doc.connections} connections in 2 s`);
      assert.ok(doc.samples.length >= 1, 'no per-second sample');
      // A sample carries counts once a poll has finished: Wine's netstat can take over a second.
      const counted = doc.samples.filter((s) => s.netstat);
      assert.ok(counted.length >= 1, 'no sample with counts');
      for (const s of counted) assert.equal(s.netstat.source, 'netstat -an -p TCP');

      const text = readFileSync(markdown, 'utf8');
      assert.match(text, /^# SocketCloseTest results/);
      assert.ok(text.includes(`| ${mode} | ok |`), text);
      assert.ok(text.includes(`(build ${windowsBuild})`), 'the Markdown names the Windows build');

      const errors = readFileSync(csv, 'utf8');
      assert.match(errors, /^mode,time,epoch_ms,side,operation,code,errno,winsock_name,winsock_number,/);
      const samples = readFileSync(path.join(folder, `${mode}-samples.csv`), 'utf8').split('\r\n');
      assert.ok(samples.length >= 3, 'a header, a sample and the closing line end');
      assert.ok(samples[1].startsWith(`${mode},1,`), samples[1]);
      assert.ok(
        samples.some((line) => line.includes(',netstat -an -p TCP,')),
        'a sample row names the netstat that counted it',
      );
    });
  });
});

test('--connections stops a run after exactly that many connects', async () => {
  const json = path.join(folder, 'limit.json');
  const run = await cli([
    'server',
    '--connections',
    '150',
    '--duration',
    '20',
    '--port',
    '61110',
    '--json',
    json,
  ]);
  assert.equal(run.code, 0, run.stderr);
  const doc = readJson(json);
  assert.equal(doc.connections, 150);
  assert.equal(doc.stopReason, 'connection-limit');
});

test('all: runs the modes in turn and writes one results document', async () => {
  const json = path.join(folder, 'all.json');
  const markdown = path.join(folder, 'all.md');
  // abort leaves no half-connection behind, so server starts without waiting for a drain.
  const modes = ['--modes', 'abort,server', '--duration', '1', '--port', '61111'];
  const run = await cli(['all', ...modes, '--json', json, '--markdown', markdown], { timeoutMs: 90_000 });
  assert.equal(run.code, 0, run.stderr);
  const doc = readJson(json);
  assert.equal(doc.kind, 'socketclosetest-results');
  assert.deepEqual(
    doc.runs.map((r) => `${r.mode} ${r.outcome}`),
    ['abort ok', 'server ok'],
  );
  assert.equal(doc.machine.platform, 'win32');
  // Rows in the original program's order, whatever order the modes were asked in.
  assert.match(readFileSync(markdown, 'utf8'), /\| server \| ok \|[\s\S]*\| abort \| ok \|/);
});

test('IPv6: a run on ::1 works', async () => {
  const json = path.join(folder, 'ipv6.json');
  const run = await cli(['abort', '--host', '::1', '--duration', '2', '--port', '61112', '--json', json]);
  assert.equal(run.code, 0, run.stderr);
  const doc = readJson(json);
  assert.equal(doc.config.host, '::1');
  assert.equal(doc.outcome, 'ok', doc.summary);
  assert.ok(doc.connections >= 20, `only ${doc.connections} connections`);
});

test('a relative path is written in the working folder, and forward slashes work', async () => {
  const cwd = tempFolder('relative');
  const slashed = path.join(folder, 'slashed.md').replaceAll('\\', '/');
  const run = await cli(
    ['abort', '--duration', '0.5', '--port', '61113', '--json', 'relative.json', '--markdown', slashed],
    { cwd },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(readJson(path.join(cwd, 'relative.json')).mode, 'abort');
  assert.ok(existsSync(path.join(folder, 'slashed.md')));
});

test('two outputs that differ only in letter case are refused: Windows sees one file', async () => {
  const cwd = tempFolder('case');
  const run = await cli(
    ['abort', '--duration', '0.5', '--port', '61114', '--json', 'Result.json', '--markdown', 'result.JSON'],
    { cwd },
  );
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--json and --markdown would both write Result\.json: choose different files\./);
  assert.deepEqual(readdirSync(cwd), [], 'nothing is run or written');
});

test('a missing output folder is refused before the run starts', async () => {
  const json = path.join(folder, 'no such folder', 'r.json');
  const run = await cli(['abort', '--duration', '0.5', '--port', '61115', '--json', json]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '', 'nothing ran');
  assert.equal(run.stderr.trim(), `Could not save ${json}: the folder ${path.dirname(json)} does not exist.`);
});

test('a folder where the file should go is refused before the run and leaves no temporary file', async () => {
  const parent = tempFolder('locked');
  const json = path.join(parent, 'r.json');
  mkdirSync(json);
  const run = await cli(['abort', '--duration', '0.5', '--port', '61116', '--json', json]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '', 'nothing ran');
  assert.match(run.stderr, /^Could not save .*r\.json: it is a folder\./);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  assert.deepEqual(readdirSync(parent), ['r.json'], 'the temporary file is removed');
});

// Short runs that only start and stop: side by side, since Wine takes a second to start Node.
describe('exit codes', { concurrency: true }, () => {
  test('no arguments: the usage, exit 2', async () => {
    const run = await cli([]);
    assert.equal(run.code, 2);
    assert.match(run.stdout, /^Usage: socketclosetest <mode> \[options\]/);
  });

  test('--help lists every mode, exit 0', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0);
    for (const mode of MODES) assert.match(run.stdout, new RegExp(`^  ${mode} `, 'm'));
  });

  test('--version is the package version, exit 0', async () => {
    const run = await cli(['--version']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout.trim(), readJson(path.join(ROOT, 'package.json')).version);
  });

  test('an unknown mode: a sentence, exit 2', async () => {
    const run = await cli(['sideways']);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'Unknown mode or command "sideways".\nRun "socketclosetest --help" for the usage.\n',
    );
  });

  test('a bad number: a sentence, exit 2', async () => {
    const run = await cli(['server', '--duration', 'soon']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^--duration takes a number \(got "soon"\)\./);
  });

  test('--emulate-windows on Windows: says why not, exit 2', async () => {
    const run = await cli(['client', '--emulate-windows', '--duration', '1']);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^Windows emulation needs Linux network namespaces; on this system run the test as it is\./,
    );
  });

  test('netstat without --port: a sentence, exit 2', async () => {
    const run = await cli(['netstat']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^--port is required, e\.g\. --port 40000\./);
  });
});
