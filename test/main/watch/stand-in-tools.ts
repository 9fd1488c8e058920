import type { ToolResult, ToolRunner } from '../../../src/main/watch/tool-runner';

/**
 * A tool runner that answers with captured output: the reader under test runs as on the machine
 * (decoding, parsing, caching), only the process it would start is replaced. Records each call.
 */
export function standInTools(answers: Record<string, ToolResult | (() => ToolResult)>) {
  const calls: string[] = [];
  const run: ToolRunner = (command, args) => {
    const line = [command, ...args].join(' ');
    calls.push(line);
    const answer = answers[line] ?? answers[command];
    if (answer === undefined)
      return Promise.resolve({
        ok: false,
        reason: 'missing',
        message: `${command} was not found`,
        stderr: null,
      });
    return Promise.resolve(typeof answer === 'function' ? answer() : answer);
  };
  return { run, calls };
}

export const ok = (stdout: Buffer | string): ToolResult => ({
  ok: true,
  stdout: typeof stdout === 'string' ? Buffer.from(stdout) : stdout,
});
