// Run by watch.test.mjs as a child of Windows Node: loads the watch's Windows reader from its
// TypeScript sources (node --experimental-transform-types --import ./watch-ts-hooks.mjs) and writes
// what it read to a JSON file, so the test checks the reader's win32 paths without a build of it.
//   node watch-reader.mjs PORT OUT.json
// writes { captured, live }: captured text (English, German CP850) through the reader, and this
// machine's table with a connection of its own on PORT, the System log and the machine facts.
// One process for both: Windows Node under Wine takes seconds to start.
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = (file) => import(pathToFileURL(path.join(root, file)).href);
const { windowsSource } = await load('src/main/watch/windows-source.ts');
const { readMachineFacts } = await load('src/main/engine/machine-facts.ts');
const { machineFacts } = await load('src/main/results/markdown.ts');
const fixture = (name) => readFileSync(path.join(root, 'test', 'fixtures', 'watch', name));
const ok = (stdout) => ({ ok: true, stdout });

async function readAll(source) {
  const rows = [];
  const info = await source.read((row) => rows.push({ ...row }));
  return { rows, info: { ...info, names: Object.fromEntries(info.names) } };
}

/** The reader with each tool's captured answer in place of the tool. */
function captured(answers) {
  const calls = [];
  const run = async (command, args) => {
    const line = [command, ...args].join(' ');
    calls.push(line);
    const answer = answers[line] ?? answers[command];
    return answer ?? { ok: false, reason: 'missing', message: `${command} was not found`, stderr: null };
  };
  return {
    source: windowsSource({
      run,
      codePage: async () => 850,
      nowMs: () => Date.parse('2026-12-03T15:00:00Z'),
    }),
    calls,
  };
}

const [portArg, outFile] = process.argv.slice(2);

async function readCaptured() {
  const german = captured({
    'netstat -ano -p TCP': ok(fixture('netstat-ano-de-tcp-cp850.txt')),
    'netstat -ano -p TCPv6': ok(fixture('netstat-ano-de-tcpv6-cp850.txt')),
    tasklist: ok(fixture('tasklist-de-cp850.csv')),
    wevtutil: ok(fixture('wevtutil-de-cp850.txt')),
  });
  const english = captured({
    'netstat -ano -p TCP': ok(fixture('netstat-ano-en-tcp.txt')),
    'netstat -ano -p TCPv6': ok(fixture('netstat-ano-en-tcpv6.txt')),
    tasklist: ok(fixture('tasklist-en.csv')),
    wevtutil: ok(fixture('wevtutil-en.txt')),
  });
  const denied = captured({
    wevtutil: {
      ok: false,
      reason: 'failed',
      message: 'wevtutil failed',
      stderr: fixture('wevtutil-denied-en-stderr.txt'),
    },
  });
  return {
    german: { ...(await readAll(german.source)), events: await german.source.exhaustionEvents() },
    english: { ...(await readAll(english.source)), events: await english.source.exhaustionEvents() },
    denied: await denied.source.exhaustionEvents(),
  };
}

async function readLive(port) {
  const server = net.createServer().listen(port, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const client = net.connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [peer] = await accepted;
  const source = windowsSource();
  let read;
  try {
    read = await readAll(source);
  } catch (error) {
    read = { error: error.message };
  }
  const facts = await readMachineFacts({ appVersion: 'test' });
  const out = {
    pid: process.pid,
    clientPort: client.localPort,
    read,
    events: await source.exhaustionEvents(),
    facts,
    // The machine's rows of the Markdown report, as a result made here shows them.
    markdownFacts: machineFacts(facts),
  };
  client.destroy();
  peer.destroy();
  server.close();
  return out;
}

const out = { captured: await readCaptured(), live: await readLive(Number(portArg)) };
writeFileSync(outFile, JSON.stringify(out, null, 2));
