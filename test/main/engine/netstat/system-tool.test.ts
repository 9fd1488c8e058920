import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTool, systemTool } from '../../../../src/main/engine/netstat/system-tool';

describe('system tools', () => {
  it('are taken from System32 by full path on Windows', () => {
    const root = process.env.SystemRoot ?? process.env.windir ?? 'C:\\Windows';
    expect(systemTool('netstat', 'win32')).toBe(`${root}\\System32\\netstat.exe`);
  });

  it.runIf(process.platform === 'linux')('are found in Linux’s system directories (Linux only)', () => {
    const ss = systemTool('ss', 'linux');
    expect(ss).toMatch(/^\/(usr\/)?s?bin\/ss$/);
    expect(existsSync(ss)).toBe(true);
    expect(systemTool('no-such-tool-here', 'linux')).toBe('no-such-tool-here');
  });
});

describe('running a system tool', () => {
  const windows = process.platform === 'win32';

  it('answers its output', async () => {
    const out = windows
      ? await runTool('cmd', ['/d', '/c', 'echo sct'], 'latin1')
      : await runTool('sh', ['-c', 'echo sct'], 'latin1');
    expect(out).toEqual({ ok: true, stdout: windows ? 'sct\r\n' : 'sct\n' });
    const bytes = await runTool(
      windows ? 'cmd' : 'sh',
      windows ? ['/d', '/c', 'echo sct'] : ['-c', 'echo sct'],
      'buffer',
    );
    expect(bytes.ok && Buffer.isBuffer(bytes.stdout)).toBe(true);
  });

  it('says a missing tool is missing, without throwing', async () => {
    expect(await runTool('no-such-tool-here', [], 'latin1')).toEqual({
      ok: false,
      reason: 'missing',
      message: 'no-such-tool-here was not found',
    });
  });

  it('says a tool that failed failed, with the first line of why', async () => {
    const out = windows
      ? await runTool('cmd', ['/d', '/c', 'exit 3'], 'latin1')
      : await runTool('sh', ['-c', 'exit 3'], 'latin1');
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.reason).toBe('failed');
      expect(out.message).not.toContain('\n');
    }
  });

  it('stops a tool that does not answer in time, and says so', async () => {
    const out = windows
      ? await runTool('ping', ['-n', '30', '127.0.0.1'], 'latin1', { timeoutMs: 200 })
      : await runTool('sleep', ['30'], 'latin1', { timeoutMs: 200 });
    const name = windows ? 'ping' : 'sleep';
    expect(out).toEqual({ ok: false, reason: 'timeout', message: `${name} did not answer within 0.2 s` });
  });
});
