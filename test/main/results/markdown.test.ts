import { describe, expect, it } from 'vitest';
import {
  documentLabels,
  escapeMarkdown,
  reportMarkdown,
  resultsTableMarkdown,
} from '../../../src/main/results/markdown';
import {
  linuxDocument,
  linuxMachine,
  stoppedDocument,
  windowsDocument,
  windowsMachine,
} from '../../fixtures/results/factory';

/** Splits a Markdown table into rows of cells, honouring escaped pipes. */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((c) => c.trim()),
    );
}

describe('documentLabels', () => {
  it('tells two results from the same machine apart by their time, then by number', () => {
    const a = linuxDocument();
    const b = { ...linuxDocument(), createdAt: '2026-11-25T09:00:00.000+00:00' };
    expect(documentLabels([a, b, windowsDocument()])).toEqual([
      'Debian GNU/Linux 12 (bookworm) on build-box, 2026-11-24 07:28',
      'Debian GNU/Linux 12 (bookworm) on build-box, 2026-11-25 09:00',
      'Windows 11 Pro (build 22631) on DESKTOP-7Q2LM0',
    ]);
    expect(documentLabels([a, a])).toEqual([
      'Debian GNU/Linux 12 (bookworm) on build-box, 2026-11-24 07:28 #1',
      'Debian GNU/Linux 12 (bookworm) on build-box, 2026-11-24 07:28 #2',
    ]);
  });
});

describe('resultsTableMarkdown', () => {
  it('matches the golden table for Windows beside Linux', async () => {
    await expect(`${resultsTableMarkdown([windowsDocument(), linuxDocument()])}\n`).toMatchFileSnapshot(
      '../../fixtures/results/golden-table.md',
    );
  });

  it('has a row per mode and a column per machine, like the original README', () => {
    const rows = cells(resultsTableMarkdown([windowsDocument(), linuxDocument()]));
    expect(rows[0]).toEqual([
      'mode',
      'Windows 11 Pro (build 22631) on DESKTOP-7Q2LM0',
      'Debian GNU/Linux 12 (bookworm) on build-box',
    ]);
    expect(rows.slice(2).map((r) => r[0])).toEqual(['any', 'client', 'server', 'simultaneous', 'graceful']);
    expect(rows.slice(2).map((r) => r[2])).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(rows[3]![1]).toBe('WSAEADDRINUSE after 16,301 connections');
    expect(rows[6]![1]).toBe('occasional WSAECONNRESET (3 in 25,600)');
  });

  it('says "not run" where a machine did not run a mode, and marks a stopped run', () => {
    const rows = cells(resultsTableMarkdown([stoppedDocument(), windowsDocument()]));
    const server = rows.find((r) => r[0] === 'server')!;
    expect(server[1]).toBe('not run');
    expect(rows.find((r) => r[0] === 'client')![1]).toBe('ok (stopped early)');
  });

  it('keeps a hostile host name inside its cell', () => {
    const doc = { ...linuxDocument(), machine: { ...linuxMachine(), hostname: 'a|b\n| x |' } };
    const rows = cells(resultsTableMarkdown([doc]));
    expect(rows).toHaveLength(7);
    expect(rows[0]).toHaveLength(2);
    expect(rows[0]![1]).toBe('Debian GNU/Linux 12 (bookworm) on a\\|b \\| x \\|');
  });

  it('still makes a table from a document with no runs', () => {
    expect(resultsTableMarkdown([{ ...linuxDocument(), runs: [] }])).toBe(
      '| mode | Debian GNU/Linux 12 (bookworm) on build-box |\n| --- | --- |\n| (no runs) |  |',
    );
  });
});

describe('reportMarkdown', () => {
  const report = reportMarkdown([windowsDocument(), linuxDocument()]);

  it('starts with the table and explains the words it uses', () => {
    expect(
      report.startsWith(
        `# SocketCloseTest results\n\n${resultsTableMarkdown([windowsDocument(), linuxDocument()])}\n`,
      ),
    ).toBe(true);
    expect(report).toContain('- **exhausted**: The client ran out of local ports');
    expect(report).toContain('- **graceful**: The server closes at once');
    expect(report).not.toContain('**workaround**');
  });

  it('gives each machine its facts', () => {
    expect(report).toContain('## Windows 11 Pro (build 22631) on DESKTOP-7Q2LM0');
    expect(report).toContain(
      '| Ephemeral port range | 49152-65535 (16,384 ports) (from netsh int ipv4 show dynamicport tcp) |',
    );
    expect(report).toContain(
      '| Excluded port ranges | 50000-50059, 61000 (from netsh int ipv4 show excludedportrange protocol=tcp) |',
    );
    expect(report).toContain('| TIME_WAIT reuse (tcp_tw_reuse) | 2 (from /proc/sys/net/ipv4/tcp_tw_reuse) |');
    expect(report).toContain('| SocketCloseTest | 0.1.0 (Node 20.20.2, command line) |');
    expect(report).toContain('| Operating system | Windows 11 Pro (build 22631); win32 10.0.22631, x64 |');
    expect(report).toContain(
      '| TIME_WAIT length | default (from HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\TcpTimedWaitDelay) |',
    );
  });

  it('summarises errors by code and lists the first ones with times and ports', () => {
    expect(report).toContain('| client | WSAEADDRINUSE | EADDRINUSE | 10 |');
    expect(report).toContain(
      '| graceful | 2026-11-24T07:25:01.200+01:00 | client | read | WSAECONNRESET (10054) | 50123 | 40000 | 3,000 |',
    );
    const listed = report.split('\n').filter((l) => l.startsWith('| any | 2026-'));
    expect(listed).toHaveLength(10);
    expect(report).toContain('No errors.');
  });

  it('says when a fact could not be read, and how the run ended', () => {
    const machine = {
      ...windowsMachine(),
      timeWaitDelay: { value: null, source: 'registry', error: 'access denied' },
    };
    const doc = { ...windowsDocument(), machine, status: 'failed' as const };
    doc.runs = [{ ...doc.runs[0]!, stopReason: 'failed', failure: 'The engine stopped answering.' }];
    const text = reportMarkdown([doc]);
    expect(text).toContain('| TIME_WAIT length | unknown (access denied) (from registry) |');
    expect(text).toContain('failed before the end, saved');
    expect(text).toContain('| failed: The engine stopped answering. |');
  });
});

describe('escapeMarkdown', () => {
  it('escapes table and markup characters and joins lines', () => {
    expect(escapeMarkdown('a|b*c`d<e>[f]\r\ng')).toBe('a\\|b\\*c\\`d\\<e\\>\\[f\\] g');
  });

  it('leaves a Windows path readable but keeps a backslash before punctuation literal', () => {
    expect(escapeMarkdown('HKLM\\SYSTEM\\Tcpip')).toBe('HKLM\\SYSTEM\\Tcpip');
    expect(escapeMarkdown('a\\|b')).toBe('a\\\\\\|b');
  });
});

describe('reportMarkdown with long error lists', () => {
  it('counts the errors it does not list', () => {
    const doc = windowsDocument();
    doc.runs = [{ ...doc.runs[0]!, errorsOmitted: 5000, errorCounts: { EADDRINUSE: 5010 } }];
    expect(reportMarkdown([doc])).toContain('any: 5,000 more errors are not listed here.');
  });
});
