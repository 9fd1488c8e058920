// The machine facts a result carries, read on Windows from the registry (reg) and netsh. Under
// Wine, reg works and netsh answers nothing: every fact must then say why it is missing, and
// nothing may crash.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertWindowsNode, cli, readJson, tempFolder } from './helpers.mjs';

const TCPIP = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';
const reg = (...args) =>
  execFileSync(path.join(process.env.SystemRoot, 'System32', 'reg.exe'), args, { windowsHide: true });
let folder;

before(() => {
  assertWindowsNode();
  folder = tempFolder('facts');
});

function clearTimeWaitDelay() {
  try {
    reg('delete', TCPIP, '/v', 'TcpTimedWaitDelay', '/f');
  } catch {
    // Not set: nothing to undo.
  }
}
const setTimeWaitDelay = (seconds) =>
  reg('add', TCPIP, '/v', 'TcpTimedWaitDelay', '/t', 'REG_DWORD', '/d', `${seconds}`, '/f');

after(clearTimeWaitDelay);

async function runFacts(name, port) {
  const json = path.join(folder, `${name}.json`);
  const markdown = path.join(folder, `${name}.md`);
  const outputs = ['--json', json, '--markdown', markdown];
  const run = await cli(['abort', '--duration', '0.5', '--port', `${port}`, ...outputs]);
  assert.equal(run.code, 0, run.stderr);
  return { system: readJson(json).system, markdown: readFileSync(markdown, 'utf8') };
}

test('the system is named from the registry, with its build', async () => {
  const { system } = await runFacts('name', 61300);
  assert.equal(system.platform, 'win32');
  assert.equal(system.release, os.release());
  assert.equal(system.hostname, os.hostname());
  assert.equal(system.arch, process.arch);
  assert.equal(system.nodeVersion, process.versions.node);
  const product = /ProductName\s+REG_SZ\s+(.+)/.exec(
    reg('query', 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion').toString('latin1'),
  )?.[1];
  assert.ok(product, 'the registry names the product');
  assert.equal(system.osName, `${product.trim()} (build ${os.release().split('.')[2]})`);
});

test('facts netsh cannot give say why, in a sentence, and the Markdown shows it', async () => {
  const { system, markdown } = await runFacts('netsh', 61301);
  for (const [name, command] of [
    ['ephemeralRange', 'netsh int ipv4 show dynamicport tcp'],
    ['excludedRanges', 'netsh int ipv4 show excludedportrange protocol=tcp'],
  ]) {
    const fact = system[name];
    assert.equal(fact.source, command);
    // Wine's netsh answers nothing; on Windows the value is read. Either way, never silence.
    if (fact.value === null) {
      assert.match(fact.error, new RegExp(`^${command} .+\\.$`), `${name}: ${fact.error}`);
      assert.ok(markdown.includes(`unknown (${fact.error})`), `the Markdown says why ${name} is unknown`);
    }
  }
  // Wine's netsh succeeds and prints nothing: the fact says exactly that.
  assert.equal(system.ephemeralRange.error, 'netsh int ipv4 show dynamicport tcp answered nothing.');
});

test('TIME_WAIT length: "default" without TcpTimedWaitDelay, its value when set', async () => {
  const before = await runFacts('tw-default', 61302);
  assert.deepEqual(before.system.timeWaitDelay, {
    value: 'default',
    source: `registry ${TCPIP}\\TcpTimedWaitDelay`,
  });
  setTimeWaitDelay(30);
  const set = await runFacts('tw-set', 61303);
  assert.equal(set.system.timeWaitDelay.value, '30 s');
  assert.ok(set.markdown.includes('| TIME_WAIT length | 30 s (from registry'), 'the Markdown shows it');
});

test('a port an earlier run still lists is refused with Windows’ TIME_WAIT wait, then --force runs', async () => {
  clearTimeWaitDelay();
  const port = 61304;
  const first = await cli(['server', '--connections', '50', '--duration', '60', '--port', `${port}`]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^server: ok: 50 connections/m);
  const again = await cli(['server', '--duration', '0.5', '--port', `${port}`]);
  assert.equal(again.code, 2);
  // Windows' default TIME_WAIT is documented as 120 s and as 240 s: the longer one is waited.
  assert.match(again.stderr, /half-connections of an earlier run are still listed for port 61304\./);
  assert.match(again.stderr, /Wait about 240 seconds and try again/);
  assert.match(again.stderr, /\nAdd --force to start anyway\.\n$/);
  setTimeWaitDelay(30);
  const shorter = await cli(['server', '--duration', '0.5', '--port', `${port}`]);
  assert.equal(shorter.code, 2);
  assert.match(shorter.stderr, /Wait about 30 seconds and try again/);
  const forced = await cli(['server', '--duration', '0.5', '--port', `${port}`, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
});
