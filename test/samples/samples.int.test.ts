/**
 * Each sample under samples/, run in a network namespace that behaves like Windows here: 16
 * ephemeral ports and no TIME_WAIT reuse. The naive client-first loop runs out of ports; the
 * fixed loop (the client asks the server to close) and the abortive close make ten times as many
 * connections as there are ports. The kernel's table afterwards shows which side held TIME_WAIT.
 * A language whose tools are missing is named as not run, with the reason, never passed silently.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, WINE_PREFIX, missingTools, onPath, type SampleLanguage } from './languages';

const PORTS = { first: 50000, last: 50015 };
const PORT_COUNT = PORTS.last - PORTS.first + 1;
const CONNECTIONS = 10 * PORT_COUNT + 40;
/** Outside the namespace's ephemeral range, so only clients use those ports. */
const SERVER_PORT = 47000;

const isRoot = process.getuid?.() === 0;
const UNSHARE = isRoot ? ['--net'] : ['--net', '--map-root-user'];

/** Why the samples cannot run in a namespace here, or null when they can. */
function namespaceProblem(): string | null {
  if (process.platform !== 'linux')
    return `they need Linux network namespaces, and this is ${process.platform}`;
  if (!onPath('unshare') || !onPath('ip'))
    return 'they need the "unshare" and "ip" commands (util-linux, iproute2)';
  const probe = spawnSync('unshare', [...UNSHARE, 'true'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return `a network namespace cannot be made here, which needs root or unprivileged user namespaces (${probe.stderr.trim()})`;
  return null;
}
const namespaceReason = namespaceProblem();

/** Sets the namespace up like Windows, runs the sample, then prints the kernel's TCP tables. */
const SCRIPT = `ip link set lo up
echo ${PORTS.first} ${PORTS.last} > /proc/sys/net/ipv4/ip_local_port_range
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
"$@"
echo "exit=$?"
[ -n "$WINEPREFIX" ] && wineserver -k
echo "tables:"
cat /proc/net/tcp /proc/net/tcp6`;

interface SampleRun {
  code: number;
  output: string;
  /** TIME_WAIT entries whose local port is the server's (server side) or whose peer port is (client side). */
  timeWait: { server: number; client: number };
}

function runNarrow(language: SampleLanguage, out: string, mode: string): SampleRun {
  const command = [...language.command(out), mode, String(CONNECTIONS), String(SERVER_PORT)];
  const env = language.wine ? { ...process.env, WINEPREFIX: WINE_PREFIX, WINEDEBUG: '-all' } : process.env;
  const ran = spawnSync('unshare', [...UNSHARE, 'sh', '-c', SCRIPT, 'sh', ...command], {
    encoding: 'utf8',
    env,
    timeout: 100_000,
  });
  const text = `${ran.stdout ?? ''}`;
  const [before = '', tables = ''] = text.split('\ntables:\n');
  const exit = /exit=(\d+)\s*$/.exec(before);
  const output = `${before.replace(/exit=\d+\s*$/, '').trim()}\n${ran.stderr ?? ''}`.trim();
  if (!exit) throw new Error(`the sample did not run: ${output || String(ran.error)}`);
  const timeWait = { server: 0, client: 0 };
  for (const line of tables.split('\n')) {
    const [, local, remote, state] = line.trim().split(/\s+/);
    if (state !== '06' || !local || !remote) continue;
    if (parseInt(local.split(':')[1]!, 16) === SERVER_PORT) timeWait.server++;
    else if (parseInt(remote.split(':')[1]!, 16) === SERVER_PORT) timeWait.client++;
  }
  return { code: Number(exit[1]), output, timeWait };
}

function failedAfter(output: string): number {
  const match = /connect failed after (\d+) connections/.exec(output);
  expect(match, output).not.toBeNull();
  return Number(match![1]);
}

if (namespaceReason) {
  describe('samples', () => {
    it(`not run: ${namespaceReason}`, () => {
      console.warn(`The samples were not run: ${namespaceReason}.`);
      expect(namespaceReason).toBeTruthy();
    });
  });
} else {
  describe(`samples in a network namespace with ${PORT_COUNT} ports and no TIME_WAIT reuse (Linux only)`, () => {
    for (const language of LANGUAGES) {
      const reason = missingTools(language);
      if (reason) {
        it(`${language.name}: not run, ${reason}`, () => {
          console.warn(`The ${language.name} sample was not run: ${reason}.`);
          expect(missingTools(language)).toBe(reason);
        });
        continue;
      }
      it(`${language.name}: the client-first loop runs out of ports, the fixed and abortive loops make ${CONNECTIONS} connections`, () => {
        const out = mkdtempSync(join(tmpdir(), 'sct-sample-'));
        language.build?.(out);

        const naive = runNarrow(language, out, 'naive');
        expect(naive.code, naive.output).toBe(1);
        const made = failedAfter(naive.output);
        expect(made, naive.output).toBeGreaterThan(0);
        // About as many connections as there are ports (a run made 17 of 16 once), far from the
        // fixed loop's count.
        expect(made, naive.output).toBeLessThan(2 * PORT_COUNT);
        // The client's closed connections held the ports (in TIME_WAIT, or FIN_WAIT2 for those the
        // server had not yet closed, which the sample's exit then resets): never the server's side.
        expect(naive.timeWait.server, `the client closed first: ${naive.output}`).toBe(0);

        const fixed = runNarrow(language, out, 'fixed');
        expect(fixed.code, fixed.output).toBe(0);
        expect(fixed.output, fixed.output).toContain(`ok: ${CONNECTIONS} connections`);
        expect(fixed.timeWait.client, `the server closed first: ${fixed.output}`).toBe(0);

        const abort = runNarrow(language, out, 'abort');
        expect(abort.code, abort.output).toBe(0);
        expect(abort.output, abort.output).toContain(`ok: ${CONNECTIONS} connections`);
        expect(abort.timeWait, `a reset leaves no TIME_WAIT: ${abort.output}`).toEqual({
          server: 0,
          client: 0,
        });
      }, 300_000);
    }
  });
}
