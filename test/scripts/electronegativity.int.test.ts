import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function check(...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['scripts/electronegativity.mjs', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('the security check (npm run test:security)', () => {
  it('fails on an app that breaks the checklist, naming each finding and the file', () => {
    const { status, out } = check('--built', 'test/fixtures/insecure-app');
    expect(status).toBe(1);
    expect(out).toMatch(/FINDING CONTEXT_ISOLATION_JS_CHECK .*insecure-app\/main\.js:7/);
    expect(out).toMatch(/FINDING SANDBOX_JS_CHECK .*main\.js:7/);
    expect(out).toMatch(/FINDING HTTP_RESOURCES_JS_CHECK .*main\.js:9/);
    expect(out).toMatch(/FINDING PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK/);
    // Seen in the .cjs file, which the scanner only reads because the check stages it as .js.
    expect(out).toMatch(/OPEN_EXTERNAL_JS_CHECK .*insecure-app\/preload\.cjs:4/);
  });

  it("passes the app's own sources", () => {
    const { status, out } = check('--source', 'src');
    expect(out).toContain('0 findings above "note"');
    expect(status).toBe(0);
  });

  it('refuses arguments it does not know', () => {
    expect(check('--everything').status).toBe(2);
  });
});
