// npm run test:security: Electronegativity over the sources and over the built app, failing on any
// finding above "note".
//
// Electronegativity always exits 0, so its SARIF report is read instead. Its loader only picks up
// .js/.ts/.html/.json files and its parser predates some syntax, so each target is first copied to a
// staging folder where .cjs/.mjs files get a .js name and the <script> blocks of .svelte components
// become .ts files. Files it still cannot parse are listed: a source file that fails is covered by
// the built JavaScript (what actually runs), and a built file that fails makes the check fail.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, sep } from 'node:path';

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

// Other folders can be named (`--source DIR`, `--built DIR`), which is how the check itself is tested.
const args = process.argv.slice(2);
const named = [];
for (let i = 0; i < args.length; i += 2) {
  const kind = args[i];
  const dir = args[i + 1];
  if ((kind !== '--source' && kind !== '--built') || !dir || !existsSync(dir)) {
    console.error('Usage: node scripts/electronegativity.mjs [--source DIR] [--built DIR] ...');
    process.exit(2);
  }
  named.push({ name: kind === '--built' ? 'built app' : 'sources', dir, built: kind === '--built' });
}
const targets = named.length
  ? named
  : [
      { name: 'sources', dir: 'src', built: false },
      { name: 'built app', dir: 'out', built: true },
    ];
const required = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const missing = named.length ? [] : required.filter((f) => !existsSync(f));
if (missing.length) {
  console.error(`The built app is missing (${missing.join(', ')}). Run "npm run build" first.`);
  process.exit(1);
}

/** A project-relative path as findings name it: with forward slashes on every platform. */
const forward = (path) => path.split(sep).join('/');

const RENAME = { '.cjs': '.js', '.mjs': '.js', '.cts': '.ts', '.mts': '.ts' };
const SCANNED = new Set(['.js', '.ts', '.html', '.json']);
const IGNORED = new Set(['.map', '.d.ts']);

/** Copies `dir` into `stage` in a form the scanner reads; answers how staged names map back and what was left out. */
function stageTarget(dir, stage) {
  const origin = new Map();
  const skipped = [];
  const walk = (from) => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const path = join(from, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const rel = relative(dir, path);
      const ext = extname(entry.name);
      if (IGNORED.has(ext) || entry.name.endsWith('.d.ts')) continue;
      let stagedRel = null;
      let content = null;
      if (SCANNED.has(ext)) stagedRel = rel;
      else if (ext in RENAME) stagedRel = rel.slice(0, -ext.length) + RENAME[ext];
      else if (ext === '.svelte') {
        const scripts = [...readFileSync(path, 'utf8').matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
        if (scripts.length) {
          stagedRel = `${rel}.ts`;
          content = scripts.map((m) => m[1]).join('\n');
        }
        // Markup is compiled into the renderer bundle, which the built-app scan covers.
      } else skipped.push(rel);
      if (stagedRel === null) continue;
      const to = join(stage, stagedRel);
      mkdirSync(dirname(to), { recursive: true });
      if (content === null) copyFileSync(path, to);
      else writeFileSync(to, content);
      origin.set(stagedRel.split('\\').join('/'), forward(join(dir, rel)));
    }
  };
  walk(dir);
  // package.json lets the scanner check the Electron version in use.
  copyFileSync('package.json', join(stage, 'package.json'));
  origin.set('package.json', 'package.json');
  return { origin, skipped };
}

// eslint-disable-next-line no-control-regex -- terminal colour codes are what is being removed
const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');

function scan(target) {
  const root = mkdtempSync(join(tmpdir(), 'sct-electronegativity-'));
  const stage = join(root, target.dir);
  mkdirSync(stage, { recursive: true });
  const { origin, skipped } = stageTarget(target.dir, stage);
  const sarifPath = join(root, 'report.sarif');
  const run = spawnSync(
    process.execPath,
    [cli, '-i', stage, '-o', sarifPath, '-r', '-e', electronVersion, '-v', 'false'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const output = stripAnsi(`${run.stdout}\n${run.stderr}`);
  if (!existsSync(sarifPath)) {
    rmSync(root, { recursive: true, force: true });
    return { fatal: `Electronegativity wrote no report for the ${target.name}:\n${output.trim()}` };
  }
  const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
  rmSync(root, { recursive: true, force: true });

  const unstage = (uri) => {
    const rel = uri
      .replace(/^file:\/\/\/?/, '')
      .split('\\')
      .join('/');
    return origin.get(rel) ?? (rel === '' ? '(whole app)' : rel);
  };
  const findings = sarif.runs.flatMap((r) =>
    r.results.map((res) => {
      const loc = res.locations?.[0]?.physicalLocation;
      return {
        rule: res.ruleId,
        level: res.level ?? 'warning',
        file: unstage(loc?.artifactLocation?.uri ?? ''),
        line: loc?.region?.startLine ?? 1,
        message: res.message?.text ?? '',
      };
    }),
  );
  const unparsed = [...output.matchAll(/^(Tolerable error|Error) parsing (.+?) - (.+)$/gm)].map((m) => ({
    tolerable: m[1] !== 'Error',
    file: unstage(relative(stage, m[2])),
    message: m[3],
  }));
  const offline = /fetching Electron's releases/.test(output);
  return { findings, unparsed, skipped, offline, files: origin.size };
}

let failed = false;
for (const target of targets) {
  const result = scan(target);
  console.log(`\n== Electronegativity: ${target.name} (${target.dir}/) ==`);
  if (result.fatal) {
    console.error(result.fatal);
    failed = true;
    continue;
  }
  console.log(`${result.files} files scanned, Electron ${electronVersion}.`);
  const order = { error: 0, warning: 1, note: 2, none: 3 };
  for (const f of result.findings.sort((a, b) => order[a.level] - order[b.level])) {
    const mark = f.level === 'note' || f.level === 'none' ? 'note   ' : 'FINDING';
    console.log(`${mark} ${f.rule} ${f.file}:${f.line}\n        ${f.message}`);
  }
  const serious = result.findings.filter((f) => f.level !== 'note' && f.level !== 'none');
  if (serious.length) failed = true;
  for (const u of result.unparsed) {
    if (u.tolerable) console.log(`parsed with a warning: ${u.file}: ${u.message}`);
    else if (target.built) {
      console.log(`NOT SCANNED (cannot parse) ${u.file}: ${u.message}`);
      failed = true;
    } else
      console.log(`not scanned (cannot parse; its built form in out/ is scanned) ${u.file}: ${u.message}`);
  }
  if (result.skipped.length)
    console.log(
      `not scanned (not code): ${result.skipped.length} files (${[...new Set(result.skipped.map((s) => extname(s) || s))].join(', ')})`,
    );
  if (result.offline)
    console.log('The check for Electron security fixes needs the internet and could not run here.');
  console.log(`${serious.length} findings above "note", ${result.findings.length - serious.length} notes.`);
}
process.exit(failed ? 1 : 0);
