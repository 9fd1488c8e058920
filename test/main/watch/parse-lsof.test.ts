import { describe, expect, it } from 'vitest';
import { macosSource } from '../../../src/main/watch/macos-source';
import { ownerKey, parseLsof } from '../../../src/main/watch/parse-lsof';
import { newConnectionRow } from '../../../src/main/watch/parse-netstat-ano';
import { newMacosParser, parseNetstatMacos } from '../../../src/main/watch/parse-netstat-macos';
import type { ConnectionRow } from '../../../src/main/watch/table-source';
import { watchFixture } from './fixture';
import { ok, standInTools } from './stand-in-tools';

const lsofText = watchFixture('macos-lsof.txt').toString('utf8');
const netstatText = watchFixture('macos-netstat-an.txt').toString('latin1');

describe('lsof -nP -iTCP owners', () => {
  it('maps each connection (family and both ports) to its PID, and names each PID', () => {
    const owners = parseLsof(lsofText);
    expect(owners.rows).toBe(8);
    expect(owners.skipped).toBe(1); // lsof's warning line
    expect(owners.pids.get(ownerKey(4, 50001, 5432))).toBe(40123);
    expect(owners.pids.get(ownerKey(4, 5432, 50001))).toBe(4410);
    expect(owners.pids.get(ownerKey(6, 50010, 5432))).toBe(40123);
    expect(owners.pids.get(ownerKey(4, 5432, 0))).toBe(512);
    expect(owners.pids.get(ownerKey(6, 8080, 0))).toBe(40200);
    expect(owners.names.get(40200)).toBe('leaky server');
    expect(owners.names.get(733)).toBe('Google Chrome');
  });
});

describe('macOS netstat -an -p tcp rows with lsof owners', () => {
  it('visits every row: TIME_WAIT without an owner, rows lsof did not list without one', () => {
    const owners = parseLsof(lsofText);
    const rows: ConnectionRow[] = [];
    const report = parseNetstatMacos(
      netstatText,
      newMacosParser(),
      newConnectionRow(),
      (family, local, remote) => owners.pids.get(ownerKey(family, local, remote)) ?? null,
      (row) => rows.push({ ...row }),
    );
    expect(report).toEqual({ rows: 11, skipped: 1, header: true });
    expect(rows[0]).toEqual({
      family: 4,
      localAddress: '127.0.0.1',
      localPort: 50001,
      remoteAddress: '127.0.0.1',
      remotePort: 5432,
      state: 'ESTABLISHED',
      pid: 40123,
    });
    expect(rows[2]).toMatchObject({ localPort: 50002, state: 'TIME_WAIT', pid: null });
    expect(rows[6]).toMatchObject({ family: 6, localAddress: '::1', remoteAddress: '::1', pid: 40123 });
    expect(rows[8]).toMatchObject({ remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN', pid: 512 });
    expect(rows[9]).toMatchObject({
      family: 6,
      localAddress: '::',
      localPort: 8080,
      state: 'LISTEN',
      pid: 40200,
    });
    // Another user's ssh connection: lsof without administrator rights does not list it.
    expect(rows[10]).toMatchObject({ localAddress: '10.0.0.5', remotePort: 22, pid: null });
  });
});

describe('macosSource', () => {
  it('reads netstat for the rows and lsof for the owners', async () => {
    const { run, calls } = standInTools({ netstat: ok(netstatText), lsof: ok(lsofText) });
    const rows: ConnectionRow[] = [];
    const info = await macosSource({ run }).read((row) => rows.push({ ...row }));
    expect(calls).toEqual(['netstat -an -p tcp', 'lsof -nP -iTCP +c 0']);
    expect(rows).toHaveLength(11);
    expect(info.ownersAvailable).toBe(true);
    expect(info.names.get(40123)).toBe('node');
    expect(info.source).toBe('netstat -an -p tcp, lsof -nP -iTCP');
    // leaky server's CLOSE_WAIT: tcp4 to netstat, and an IPv4 socket to lsof too.
    expect(rows.find((r) => r.state === 'CLOSE_WAIT')?.pid).toBe(40200);
  });

  it('finds the owner of an IPv4 connection lsof lists on a dual-stack (IPv6) socket', async () => {
    const lsof = lsofText.replace(
      'IPv4 0x8f2c1d7e4b5a5a10      0t0  TCP 127.0.0.1:8080->127.0.0.1:50005',
      'IPv6 0x8f2c1d7e4b5a5a10      0t0  TCP 127.0.0.1:8080->127.0.0.1:50005',
    );
    expect(lsof).not.toBe(lsofText);
    const { run } = standInTools({ netstat: ok(netstatText), lsof: ok(lsof) });
    const rows: ConnectionRow[] = [];
    await macosSource({ run }).read((row) => rows.push({ ...row }));
    expect(rows.find((r) => r.state === 'CLOSE_WAIT')).toMatchObject({ family: 4, pid: 40200 });
  });

  it('counts without owners, and says so, when lsof fails', async () => {
    const { run } = standInTools({ netstat: ok(netstatText) });
    const rows: ConnectionRow[] = [];
    const info = await macosSource({ run }).read((row) => rows.push({ ...row }));
    expect(rows).toHaveLength(11);
    expect(rows.every((r) => r.pid === null)).toBe(true);
    expect(info.ownersAvailable).toBe(false);
    expect(info.ownersNote).toBe(
      'Owners are not available on this system: lsof did not list any programs (lsof was not found).',
    );
  });

  it('rejects with a sentence when netstat cannot be run', async () => {
    const { run } = standInTools({});
    await expect(macosSource({ run }).read(() => undefined)).rejects.toThrow(
      'The connection table could not be read: netstat was not found.',
    );
  });
});
