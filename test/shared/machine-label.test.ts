import { describe, expect, it } from 'vitest';
import { machineLabel, osLabel } from '../../src/shared/machine-label';
import { linuxMachine, windowsMachine } from '../fixtures/results/factory';

describe('machineLabel', () => {
  it('names the system, the Windows build and the host', () => {
    expect(machineLabel(windowsMachine())).toBe('Windows 11 Pro (build 22631) on DESKTOP-7Q2LM0');
    expect(machineLabel(linuxMachine())).toBe('Debian GNU/Linux 12 (bookworm) on build-box');
  });

  it('replaces a kernel build string with the platform and release', () => {
    const system = { ...linuxMachine(), osName: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)' };
    expect(machineLabel(system)).toBe('Linux 6.1.0-27-amd64 on build-box');
  });

  it('marks an emulated run', () => {
    expect(machineLabel({ ...linuxMachine(), emulation: 'Windows port range in a network namespace' })).toBe(
      'Debian GNU/Linux 12 (bookworm) on build-box (emulated)',
    );
  });
});

describe('osLabel', () => {
  it('is the machine label without the host, as the window names this machine', () => {
    expect(osLabel(windowsMachine())).toBe('Windows 11 Pro (build 22631)');
    expect(osLabel({ ...linuxMachine(), osName: '' })).toBe('Linux 6.1.0-27-amd64');
  });
});
