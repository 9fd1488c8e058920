/**
 * The samples under samples/, one per language: the tools each needs, how it is built into a
 * scratch folder and the command that runs it. A language whose tools are missing says which.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

export const SAMPLES = resolve(import.meta.dirname, '..', '..', 'samples');

export interface SampleLanguage {
  name: string;
  /** Programs that must be on the PATH and run, each with the arguments that ask its version. */
  tools: [string, ...string[]][];
  /** Builds the sample into `out` (outside the namespace, where a build may reach the network). */
  build?: (out: string) => void;
  /** The command that runs the sample; the mode, count and port are appended. */
  command: (out: string) => string[];
  /** Runs under Wine: Windows' socket layer binds the client's port before connect. */
  wine?: boolean;
}

/** The program's path when it is on the PATH, else null. */
export function onPath(tool: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, tool);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/**
 * Why the language's sample cannot run here, or null when it can: a tool that is not on the PATH,
 * or one that is there but does not run (a rustup proxy without a toolchain, a dotnet without an SDK).
 */
export function missingTools(language: SampleLanguage): string | null {
  const absent = language.tools.filter(([tool]) => onPath(tool) === null).map(([tool]) => `"${tool}"`);
  if (absent.length > 0) return `no ${absent.join(' or ')} on this machine`;
  for (const [tool, ...args] of language.tools) {
    const ran = spawnSync(tool, args, { encoding: 'utf8', timeout: 30_000 });
    if (ran.status !== 0) {
      const said = `${ran.stderr ?? ''}${ran.stdout ?? ''}`.trim().split('\n')[0] ?? '';
      return `"${tool} ${args.join(' ')}" does not run here (${said || String(ran.error ?? ran.status)})`;
    }
  }
  return null;
}

const run = (command: string, args: string[], cwd?: string): void => {
  execFileSync(command, args, { cwd, stdio: 'pipe', timeout: 120_000 });
};

/** Wine's own folder for these tests, kept between runs: making it takes a while the first time. */
export const WINE_PREFIX = join(tmpdir(), 'sct-samples-wine');

export const LANGUAGES: SampleLanguage[] = [
  {
    name: 'C (POSIX sockets)',
    tools: [['cc', '--version']],
    build: (out) =>
      run('cc', ['-O2', '-pthread', '-o', join(out, 'close_sample'), join(SAMPLES, 'c', 'close_sample.c')]),
    command: (out) => [join(out, 'close_sample')],
  },
  {
    name: 'C (Winsock, under Wine)',
    tools: [
      ['x86_64-w64-mingw32-gcc', '--version'],
      ['wine', '--version'],
      ['wineserver', '--version'],
    ],
    build: (out) =>
      run('x86_64-w64-mingw32-gcc', [
        '-O2',
        '-o',
        join(out, 'close_sample.exe'),
        join(SAMPLES, 'c', 'close_sample_winsock.c'),
        '-lws2_32',
      ]),
    command: (out) => ['wine', join(out, 'close_sample.exe')],
    wine: true,
  },
  {
    name: 'Node',
    tools: [],
    command: () => [process.execPath, join(SAMPLES, 'node', 'close-sample.mjs')],
  },
  {
    name: 'Python',
    tools: [['python3', '--version']],
    command: () => ['python3', join(SAMPLES, 'python', 'close_sample.py')],
  },
  {
    name: 'Java',
    tools: [
      ['javac', '-version'],
      ['java', '-version'],
    ],
    // Compiled once: the single-file launch (java CloseSample.java) would compile it for every run.
    build: (out) => run('javac', ['-d', out, join(SAMPLES, 'java', 'CloseSample.java')]),
    command: (out) => ['java', '-cp', out, 'CloseSample'],
  },
  {
    name: 'Rust',
    tools: [['rustc', '--version']],
    build: (out) =>
      run('rustc', [
        '-O',
        '--edition',
        '2021',
        '-o',
        join(out, 'close_sample_rs'),
        join(SAMPLES, 'rust', 'src', 'main.rs'),
      ]),
    command: (out) => [join(out, 'close_sample_rs')],
  },
  {
    name: 'Go',
    tools: [['go', 'version']],
    build: (out) => run('go', ['build', '-o', join(out, 'close_sample_go'), '.'], join(SAMPLES, 'go')),
    command: (out) => [join(out, 'close_sample_go')],
  },
  {
    // The same Program.cs on Mono's System.Net.Sockets, where Mono is installed and .NET is not.
    name: 'C# (Mono)',
    tools: [
      ['mcs', '--version'],
      ['mono', '--version'],
    ],
    build: (out) =>
      run('mcs', [`-out:${join(out, 'CloseSample.exe')}`, join(SAMPLES, 'csharp', 'Program.cs')]),
    command: (out) => ['mono', join(out, 'CloseSample.exe')],
  },
  {
    name: 'C# (.NET)',
    tools: [['dotnet', '--version']],
    build: (out) =>
      run('dotnet', ['build', '-c', 'Release', '-o', join(out, 'dotnet'), join(SAMPLES, 'csharp')]),
    command: (out) => ['dotnet', join(out, 'dotnet', 'CloseSample.dll')],
  },
];
