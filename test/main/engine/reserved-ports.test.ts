import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NetstatCounts, SessionConfig, SystemInfo } from '../../../src/shared/types';
import { parseNetshExcludedRanges } from '../../../src/main/engine/machine-facts';
import {
  listenRefusedMessage,
  portToSuggest,
  reservedPortMessage,
  reservedRangeOf,
  type PortFacts,
} from '../../../src/main/engine/reserved-ports';
import { Run, RunStartError, type HalfConnectionPoller } from '../../../src/main/engine/run';
import { linuxMachine, windowsMachine } from '../../fixtures/results/factory';

const SOURCE = 'netsh int ipv4 show excludedportrange protocol=tcp';
// netsh writes CRLF; the fixture is kept with LF like every text file in the repository.
const netshText = readFileSync(
  new URL('../../fixtures/machine-facts/windows-excludedportrange.txt', import.meta.url),
  'utf8',
).replace(/\n/g, '\r\n');

function facts(platform: NodeJS.Platform, text = netshText): PortFacts {
  return { platform, excludedRanges: { value: parseNetshExcludedRanges(text), source: SOURCE } };
}

describe('ports Windows reserves', () => {
  const windows = facts('win32');

  it('finds the excluded range holding a port, from netsh listing with Hyper-V and WSL blocks', () => {
    expect(reservedRangeOf(50000, windows)).toEqual({ start: 49990, end: 50089, count: 100 });
    expect(reservedRangeOf(49990, windows)?.start).toBe(49990);
    expect(reservedRangeOf(50089, windows)?.end).toBe(50089);
    expect(reservedRangeOf(50090, windows)?.start).toBe(50090);
    expect(reservedRangeOf(60001, windows)).toEqual({ start: 60001, end: 60001, count: 1 });
    expect(reservedRangeOf(40000, windows)).toBeNull();
    expect(reservedRangeOf(49989, windows)).toBeNull();
    expect(reservedRangeOf(50290, windows)).toBeNull();
  });

  it('names the reservation and a port outside it', () => {
    expect(reservedPortMessage(50000, reservedRangeOf(50000, windows)!, windows)).toBe(
      'Port 50000 is reserved by Windows (excluded range 49990-50089, often Hyper-V, WSL or Docker). ' +
        'Choose a port outside it, for example 40000.',
    );
    expect(reservedPortMessage(60001, reservedRangeOf(60001, windows)!, windows)).toBe(
      'Port 60001 is reserved by Windows (excluded port 60001, often Hyper-V, WSL or Docker). ' +
        'Choose a port outside it, for example 40000.',
    );
  });

  it('suggests a port no reservation holds, never the refused one', () => {
    const around40000 = facts(
      'win32',
      '----------    --------\r\n     39950       40049\r\n     40950       41049\r\n',
    );
    expect(portToSuggest(40000, around40000)).toBe(42000);
    expect(portToSuggest(50000, windows)).toBe(40000);
    expect(portToSuggest(40000, facts('win32', '----------    --------\r\n'))).toBe(41000);
    const everything = facts('win32', '----------    --------\r\n      1024       65535\r\n');
    expect(portToSuggest(40000, everything)).toBeNull();
    expect(reservedPortMessage(40000, reservedRangeOf(40000, everything)!, everything)).toBe(
      'Port 40000 is reserved by Windows (excluded range 1024-65535, often Hyper-V, WSL or Docker). ' +
        'Choose a port outside it.',
    );
  });

  it('refuses nothing when the ranges could not be read, or on other systems', () => {
    expect(
      reservedRangeOf(50000, {
        platform: 'win32',
        excludedRanges: { value: null, source: SOURCE, error: 'netsh was not found.' },
      }),
    ).toBeNull();
    expect(reservedRangeOf(50000, { platform: 'win32' })).toBeNull();
    // Linux's ip_local_reserved_ports only keeps ports out of the ephemeral range: listening works.
    expect(reservedRangeOf(50000, facts('linux'))).toBeNull();
    expect(reservedRangeOf(50000, facts('darwin'))).toBeNull();
  });

  it('explains a refused listen by reservations on Windows, by privileges elsewhere', () => {
    const onWindows = listenRefusedMessage(40000, facts('win32', '----------    --------\r\n'));
    expect(onWindows).toMatch(/^Windows refused port 40000\. /);
    expect(onWindows).toContain('netsh int ipv4 show excludedportrange protocol=tcp');
    expect(onWindows).toMatch(/Choose another port, for example 41000\.$/);
    expect(onWindows).not.toContain('1024');
    expect(listenRefusedMessage(80, facts('linux'))).toBe(
      'Port 80 may not be opened by this user. Choose a port above 1024.',
    );
  });
});

describe('Run.start on a reserved port', () => {
  const config = (port: number): SessionConfig => ({
    mode: 'server',
    host: '127.0.0.1',
    port,
    durationSec: 1,
    connectionLimit: null,
    maxErrors: 10,
    force: false,
  });
  const lingering = { server: { total: 3 }, client: { total: 0 } } as unknown as NetstatCounts;
  function countingPoller(): HalfConnectionPoller & { polls: number } {
    return {
      polls: 0,
      latest: null,
      pollOnce() {
        this.polls++;
        return Promise.resolve(lingering);
      },
      start: () => {},
      stop: () => Promise.resolve(),
    };
  }
  const windows: SystemInfo = {
    ...windowsMachine(),
    excludedRanges: { value: parseNetshExcludedRanges(netshText), source: SOURCE },
  };

  it('refuses on Windows before counting or starting anything', async () => {
    const poller = countingPoller();
    const start = Run.start(config(50000), { system: windows, poller, workerPath: '/nonexistent.js' });
    await expect(start).rejects.toThrow(RunStartError);
    await expect(start).rejects.toMatchObject({
      code: 'PORT_RESERVED',
      message: expect.stringMatching(/^Port 50000 is reserved by Windows \(excluded range 49990-50089/),
    });
    expect(poller.polls).toBe(0);
  });

  it('goes on to its usual checks outside the ranges, and on other systems', async () => {
    const poller = countingPoller();
    await expect(Run.start(config(40000), { system: windows, poller })).rejects.toMatchObject({
      code: 'LINGERING',
    });
    const linux: SystemInfo = { ...linuxMachine(), excludedRanges: windows.excludedRanges };
    await expect(Run.start(config(50000), { system: linux, poller })).rejects.toMatchObject({
      code: 'LINGERING',
    });
    expect(poller.polls).toBe(2);
  });
});
