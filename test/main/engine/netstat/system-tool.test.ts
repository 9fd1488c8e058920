import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemTool } from '../../../../src/main/engine/netstat/system-tool';

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
