import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Mode } from '../../../src/shared/modes';
import { CLI_PATH } from '../../helpers/engine';
import { inFreshNamespace } from '../../helpers/netns';

const CONNECTIONS = 3000;

/**
 * Runs a mode for a fixed number of connections in its own namespace, then asks the kernel which
 * side holds TIME_WAIT: the side that closed first.
 */
function closeEvidence(mode: Mode): {
  server: number;
  client: number;
  result: { connections: number; outcome: string };
} {
  const file = join(mkdtempSync(join(tmpdir(), 'sct-fidelity-')), 'run.json');
  const out = inFreshNamespace(
    `"${process.execPath}" "${CLI_PATH}" ${mode} --port 40000 --connections ${CONNECTIONS} --duration 30 --json "${file}" >/dev/null && ` +
      'echo "$(ss -Htan state time-wait sport = :40000 | wc -l) $(ss -Htan state time-wait dport = :40000 | wc -l)"',
  );
  const [server, client] = out.trim().split(/\s+/).map(Number);
  return { server: server!, client: client!, result: JSON.parse(readFileSync(file, 'utf8')) };
}

// Fresh network namespaces exist on Linux only; the evidence is the Linux kernel's, as in the reference.
const linux = process.platform === 'linux';

describe.runIf(linux)('close orders, on the kernel’s evidence (Linux only: network namespaces)', () => {
  it.each([
    ['client', 'client'],
    ['server', 'server'],
    ['graceful', 'server'],
    ['workaround', 'server'],
  ] as const)('%s leaves at least 95 percent of TIME_WAIT on the %s side', (mode, side) => {
    const tw = closeEvidence(mode);
    expect(tw.result).toMatchObject({ connections: CONNECTIONS, outcome: 'ok' });
    const total = tw.server + tw.client;
    expect(total).toBeGreaterThan(CONNECTIONS * 0.75);
    expect(tw[side] / total).toBeGreaterThanOrEqual(0.95);
  });

  it('simultaneous leaves at least 30 percent on each side (both close actively)', () => {
    const tw = closeEvidence('simultaneous');
    expect(tw.result.outcome).toBe('ok');
    const total = tw.server + tw.client;
    expect(total).toBeGreaterThan(CONNECTIONS * 0.75);
    expect(tw.server / total).toBeGreaterThanOrEqual(0.3);
    expect(tw.client / total).toBeGreaterThanOrEqual(0.3);
  });

  it('abort leaves no client-side TIME_WAIT (the client resets)', () => {
    const tw = closeEvidence('abort');
    expect(tw.result.connections).toBe(CONNECTIONS);
    expect(tw.client).toBe(0);
  });

  it('any runs without errors on Linux', () => {
    const tw = closeEvidence('any');
    expect(tw.result).toMatchObject({ outcome: 'ok', connections: CONNECTIONS });
  });
});

describe.runIf(linux)('the pre-start check (Linux only: network namespaces)', () => {
  it('refuses while half-connections of the previous run are listed, and --force starts anyway', () => {
    const cli = `"${process.execPath}" "${CLI_PATH}" client --port 40000`;
    const out = inFreshNamespace(
      `${cli} --connections 200 >/dev/null; echo "first=$?"; ${cli} --duration 1 2>&1; echo "exit=$?"; ${cli} --connections 10 --force >/dev/null; echo "forced=$?"`,
    );
    // The first run must have made its connections, or there is nothing to refuse for.
    expect(out).toContain('first=0');
    expect(out).toMatch(
      /\d{3} half-connections of an earlier run are still listed for port 40000\. Wait about 60 seconds/,
    );
    expect(out).toMatch(/Add --force to start anyway\./);
    expect(out).toContain('exit=2');
    expect(out).toContain('forced=0');
  });
});
