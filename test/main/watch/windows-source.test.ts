import { describe, expect, it } from 'vitest';
import type { ToolResult } from '../../../src/main/watch/tool-runner';
import type { ConnectionRow } from '../../../src/main/watch/table-source';
import { windowsSource } from '../../../src/main/watch/windows-source';
import { watchFixture } from './fixture';
import { ok, standInTools } from './stand-in-tools';

const NOW = Date.parse('2026-12-03T15:00:00Z');

function machine(language: 'en' | 'de', extra: Record<string, ToolResult | (() => ToolResult)> = {}) {
  const de = language === 'de';
  return standInTools({
    'netstat -ano -p TCP': ok(watchFixture(de ? 'netstat-ano-de-tcp-cp850.txt' : 'netstat-ano-en-tcp.txt')),
    'netstat -ano -p TCPv6': ok(
      watchFixture(de ? 'netstat-ano-de-tcpv6-cp850.txt' : 'netstat-ano-en-tcpv6.txt'),
    ),
    tasklist: ok(watchFixture(de ? 'tasklist-de-cp850.csv' : 'tasklist-en.csv')),
    wevtutil: ok(watchFixture(de ? 'wevtutil-de-cp850.txt' : 'wevtutil-en.txt')),
    ...extra,
  });
}

async function readAll(source: ReturnType<typeof windowsSource>) {
  const rows: ConnectionRow[] = [];
  const info = await source.read((row) => rows.push({ ...row }));
  return { rows, info };
}

describe('windowsSource', () => {
  it('visits IPv4 and IPv6 rows with their owners, and names the owners from tasklist', async () => {
    const { run, calls } = machine('en');
    const { rows, info } = await readAll(
      windowsSource({ run, codePage: () => Promise.resolve(437), nowMs: () => NOW }),
    );
    expect(rows).toHaveLength(15 + 6);
    expect(rows.filter((r) => r.family === 6)).toHaveLength(6);
    expect(rows.filter((r) => r.state === 'TIME_WAIT').every((r) => r.pid === null)).toBe(true);
    expect(rows.find((r) => r.localPort === 50001)).toMatchObject({ remotePort: 5432, pid: 7720 });
    expect(info).toMatchObject({
      source: 'netstat -ano -p TCP, netstat -ano -p TCPv6',
      ownersAvailable: true,
      ownersNote: null,
    });
    expect(info.names.get(7720)).toBe('node.exe');
    expect(info.names.get(9012)).toBe('leaky, the server.exe');
    expect(calls.sort()).toEqual(['netstat -ano -p TCP', 'netstat -ano -p TCPv6', 'tasklist /fo csv /nh']);
  });

  it('reads a German machine (CP850, translated states) to the same rows and names', async () => {
    const en = await readAll(windowsSource({ run: machine('en').run, codePage: () => Promise.resolve(850) }));
    const de = await readAll(windowsSource({ run: machine('de').run, codePage: () => Promise.resolve(850) }));
    expect(de.rows).toEqual(en.rows.filter((r) => r.localPort !== 445));
    expect(de.info.names.get(9012)).toBe('Prüfdienst.exe');
  });

  it('asks tasklist again only for a PID it has not named, and at most every few seconds', async () => {
    let now = NOW;
    let table = watchFixture('netstat-ano-en-tcp.txt');
    const tools = machine('en', { 'netstat -ano -p TCP': () => ok(table) });
    const source = windowsSource({ run: tools.run, codePage: () => Promise.resolve(437), nowMs: () => now });
    const tasklistRuns = (): number => tools.calls.filter((c) => c.startsWith('tasklist')).length;
    await readAll(source);
    now += 1000;
    await readAll(source);
    expect(tasklistRuns()).toBe(1); // every PID known
    table = Buffer.concat([
      table,
      Buffer.from('  TCP    127.0.0.1:50999    127.0.0.1:5432    ESTABLISHED    31337\r\n'),
    ]);
    now += 1000;
    await readAll(source);
    expect(tasklistRuns()).toBe(1); // a new PID, but the names are 2 s old
    now += 5000;
    const { info } = await readAll(source);
    expect(tasklistRuns()).toBe(2);
    expect(info.names.has(31337)).toBe(false); // tasklist does not know it: shown by its PID
  });

  it('counts IPv4 alone, and says so, when IPv6 cannot be read', async () => {
    const failed: ToolResult = { ok: false, reason: 'failed', message: 'exit code 1', stderr: null };
    const { rows, info } = await readAll(
      windowsSource({ run: machine('en', { 'netstat -ano -p TCPv6': failed }).run }),
    );
    expect(rows).toHaveLength(15);
    expect(info.source).toBe('netstat -ano -p TCP (IPv6 could not be read: netstat failed (exit code 1))');
  });

  it('shows programs by PID, and says so, when tasklist fails', async () => {
    const missing: ToolResult = {
      ok: false,
      reason: 'timeout',
      message: 'tasklist did not answer within 10 s',
      stderr: null,
    };
    const { info } = await readAll(windowsSource({ run: machine('en', { tasklist: missing }).run }));
    expect(info.ownersAvailable).toBe(true);
    expect(info.names.size).toBe(0);
    expect(info.ownersNote).toBe(
      'Program names could not be read (tasklist did not answer within 10 s): programs are shown by their process id.',
    );
  });

  it('rejects with a sentence when netstat cannot be run or answers something else', async () => {
    const { run } = standInTools({});
    await expect(windowsSource({ run }).read(() => undefined)).rejects.toThrow(
      'The connection table could not be read: netstat was not found.',
    );
    const odd = standInTools({ netstat: ok('The option -o is not known.\r\nUsage: netstat\r\n') });
    await expect(windowsSource({ run: odd.run }).read(() => undefined)).rejects.toThrow(
      'The connection table could not be read: netstat answered something that is not one.',
    );
  });
});

describe('windowsSource where netstat ignores -o and repeats IPv4 for -p TCPv6 (as Wine does)', () => {
  const wine =
    '\nActive Connections\n\n  Proto  Local Address          Foreign Address        State\n' +
    '  TCP    127.0.0.1:45917        127.0.0.1:61300        ESTABLISHED\n' +
    '  TCP    127.0.0.1:61300        127.0.0.1:45917        ESTABLISHED\n';

  it('counts each connection once, and says owners are not available rather than guessing', async () => {
    const { run } = standInTools({ netstat: ok(wine), tasklist: ok('') });
    const { rows, info } = await readAll(windowsSource({ run, codePage: () => Promise.resolve(0) }));
    expect(rows).toEqual([
      {
        family: 4,
        localAddress: '127.0.0.1',
        localPort: 45917,
        remoteAddress: '127.0.0.1',
        remotePort: 61300,
        state: 'ESTABLISHED',
        pid: null,
      },
      {
        family: 4,
        localAddress: '127.0.0.1',
        localPort: 61300,
        remoteAddress: '127.0.0.1',
        remotePort: 45917,
        state: 'ESTABLISHED',
        pid: null,
      },
    ]);
    expect(info.ownersAvailable).toBe(false);
    expect(info.ownersNote).toBe(
      'Owners are not available on this system: netstat did not list process ids.',
    );
  });

  it('says program names could not be read when tasklist lists none', async () => {
    const { run } = machine('en', { tasklist: ok('') });
    const { info } = await readAll(windowsSource({ run }));
    expect(info.ownersAvailable).toBe(true);
    expect(info.ownersNote).toBe(
      'Program names could not be read (tasklist listed no programs): programs are shown by their process id.',
    );
  });
});

describe('windowsSource exhaustion events', () => {
  it('says there were none when the log answers but holds none, and that it could not be read when it answers nothing', async () => {
    const query = (answer: string) =>
      windowsSource({
        run: standInTools({
          'wevtutil qe System /c:1 /rd:true /f:text': ok(answer),
          wevtutil: ok(watchFixture('wevtutil-none.txt')),
        }).run,
        codePage: () => Promise.resolve(850),
      }).exhaustionEvents!();
    expect(await query('Event[0]:\r\n  Log Name: System\r\n  Event ID: 7036\r\n')).toMatchObject({
      available: true,
      events: [],
      note: 'No port-exhaustion events (4227, 4231) in the System log in the last 24 hours.',
    });
    expect(await query('')).toMatchObject({
      available: false,
      events: [],
      note: 'The System log could not be read: wevtutil gave no events at all, not even the newest one.',
    });
  });

  it('reads the last 24 hours of events 4227 and 4231, and the log again only after a minute', async () => {
    let now = NOW;
    const tools = machine('de');
    const source = windowsSource({ run: tools.run, codePage: () => Promise.resolve(850), nowMs: () => now });
    const events = await source.exhaustionEvents!();
    expect(events.available).toBe(true);
    expect(events.events.map((e) => e.id)).toEqual([4231, 4227]);
    now += 30_000;
    await source.exhaustionEvents!();
    expect(tools.calls.filter((c) => c.startsWith('wevtutil'))).toHaveLength(1);
    now += 31_000;
    await source.exhaustionEvents!();
    expect(tools.calls.filter((c) => c.startsWith('wevtutil'))).toHaveLength(2);
    expect(tools.calls[0]).toContain(
      '/q:*[System[(EventID=4227 or EventID=4231) and TimeCreated[timediff(@SystemTime) <= 86400000]]]',
    );
  });

  it('says why in a sentence when the log cannot be read', async () => {
    const denied: ToolResult = {
      ok: false,
      reason: 'failed',
      message: 'wevtutil failed',
      stderr: watchFixture('wevtutil-denied-de-stderr-cp850.txt'),
    };
    const source = windowsSource({
      run: machine('de', { wevtutil: denied }).run,
      codePage: () => Promise.resolve(850),
    });
    expect(await source.exhaustionEvents!()).toMatchObject({
      available: false,
      events: [],
      note: 'The System log could not be read: wevtutil answered "Fehler beim Lesen der Ereignisse. Zugriff verweigert".',
    });
    const slow: ToolResult = {
      ok: false,
      reason: 'timeout',
      message: 'wevtutil did not answer within 10 s',
      stderr: null,
    };
    const hung = windowsSource({
      run: standInTools({ wevtutil: slow }).run,
      codePage: () => Promise.resolve(850),
    });
    expect((await hung.exhaustionEvents!()).note).toBe(
      'The System log could not be read: wevtutil did not answer within 10 s.',
    );
    const missing = windowsSource({ run: standInTools({}).run, codePage: () => Promise.resolve(850) });
    expect((await missing.exhaustionEvents!()).note).toBe(
      'The System log could not be read: wevtutil was not found.',
    );
  });
});
