import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli/index';
import type { Io } from '../../../src/main/cli/terminal';
import { GUIDANCE_TEXT } from '../../../src/shared/guidance';
import { LANGUAGES, LANGUAGE_FIXES } from '../../../src/shared/guidance-languages';

async function explain(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => (stdout += `${text}\n`),
    stderr: (text) => (stderr += `${text}\n`),
    onInterrupt: () => () => undefined,
  };
  const code = await main(['explain', ...args], io);
  return { code, stdout, stderr };
}

/** The printed text with its line wrapping undone, to find whole sentences in it. */
const unwrapped = (text: string): string => text.replace(/\s+/g, ' ');

describe('socketclosetest explain', () => {
  it('explains running out of ports with every remedy, its trade-off and what does not help', async () => {
    const { code, stdout, stderr } = await explain('exhausted');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const text = unwrapped(stdout);
    expect(text).toContain(GUIDANCE_TEXT['guidance.exhausted.headline']);
    expect(text).toContain('TIME_WAIT assassination');
    for (const key of [
      'guidance.remedy.server-closes-first.title',
      'guidance.remedy.server-closes-first.step.4',
      'guidance.remedy.abortive-close.tradeOff',
      'guidance.remedy.reuse-connections.title',
      'guidance.remedy.widen-port-range.step.1',
      'guidance.avoid.reuseaddr',
      'guidance.avoid.timedwaitdelay',
    ] as const)
      expect(text).toContain(GUIDANCE_TEXT[key]);
    expect(stdout).toContain('add --lang');
    for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('a mode explains the result it gives on Windows', async () => {
    const client = await explain('client');
    expect(client.code).toBe(0);
    expect(client.stdout).toMatch(/^client: The client closes first/);
    expect(client.stdout).toContain('On Windows 10: WSAEADDRINUSE (10048) from connect');
    expect(unwrapped(client.stdout)).toContain(GUIDANCE_TEXT['guidance.exhausted.headline']);

    const graceful = await explain('graceful');
    expect(unwrapped(graceful.stdout)).toContain(GUIDANCE_TEXT['guidance.reset.headline']);
  });

  it('"ok" does not alarm: no remedies, nothing to fix', async () => {
    const { code, stdout } = await explain('ok');
    expect(code).toBe(0);
    expect(unwrapped(stdout)).toContain(GUIDANCE_TEXT['guidance.ok.headline']);
    expect(stdout).not.toContain('What to change in your code');
    expect(stdout).not.toContain('--lang');
  });

  it('without a topic it explains every result', async () => {
    const { stdout } = await explain();
    for (const outcome of ['exhausted', 'reset', 'error', 'no-connections', 'ok'])
      expect(stdout).toMatch(new RegExp(`^${outcome}: `, 'm'));
  });

  it('--lang adds the fix in that language, by any of its usual names', async () => {
    for (const language of LANGUAGES) {
      const { code, stdout } = await explain('exhausted', '--lang', language);
      expect(code).toBe(0);
      expect(stdout).toContain(LANGUAGE_FIXES[language].fixed.split('\n')[0]);
      expect(unwrapped(stdout)).toContain(LANGUAGE_FIXES[language].sample);
      for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    }
    const sharp = await explain('client', '--lang', 'C#');
    expect(sharp.stdout).toContain('LingerOption(true, 0)');
    const node = await explain('--lang', 'js');
    expect(node.stdout).toContain('socket.resetAndDestroy()');
  });

  it.each([
    [['sideways'], /^"sideways" is neither a mode nor a result\. Modes: any, client/],
    [['exhausted', '--lang', 'cobol'], /^There is no sample for "cobol": choose one of c, csharp/],
    [['exhausted', '--lang'], /^--lang needs a language\./],
    [['exhausted', 'ok'], /^Unexpected argument "ok"\./],
    [['--port', '1'], /^Unknown option '--port'/],
  ])('bad usage %j gets one sentence and exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await explain(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toContain('socketclosetest explain --help');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--help prints its usage', async () => {
    const { code, stdout } = await explain('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: socketclosetest explain/);
  });
});
