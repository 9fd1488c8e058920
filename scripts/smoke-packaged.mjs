// Launches the packaged app the way a person would use it, and leaves screenshots behind:
//   node scripts/smoke-packaged.mjs --app dist-e2e/win-unpacked/SocketCloseTest.exe \
//     --release dist/win-unpacked/SocketCloseTest.exe --out test-results/packaged
// It first checks the fuses: the release build's must be exactly what electron-builder.yml asks
// for, and the launch build (--app) may differ only in enableNodeCliInspectArguments, which
// Playwright's Electron support needs (see electron-builder.yml). Then it opens the window, runs
// the server-first close order for a few seconds, and saves the window while running and when done.
// The release workflow runs it on Windows; it works wherever the packaged app can be started.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { _electron as electron } from 'playwright-core';
import { fuseMismatches, readFusesOfFile, wantedFuses } from './packaged-fuses.mjs';
import { SmokeFailure, driveShortRun } from './smoke-drive.mjs';

const { values: opts } = parseArgs({
  options: {
    app: { type: 'string' },
    release: { type: 'string' },
    out: { type: 'string', default: 'test-results/packaged' },
    mode: { type: 'string', default: 'server' },
    seconds: { type: 'string', default: '5' },
    port: { type: 'string' },
  },
});
if (!opts.app) {
  console.error('Usage: node scripts/smoke-packaged.mjs --app PATH [--release PATH] [--out DIR]');
  process.exit(2);
}

function fail(message) {
  throw new SmokeFailure(message);
}
process.on('uncaughtException', (error) => {
  console.error(`smoke-packaged: ${error instanceof SmokeFailure ? error.message : error.stack}`);
  process.exit(1);
});

// --- fuses ---------------------------------------------------------------------------------
const wanted = wantedFuses(readFileSync(new URL('../electron-builder.yml', import.meta.url), 'utf8'));
if (opts.release) {
  const actual = readFusesOfFile(opts.release);
  console.log(`Release build fuses: ${JSON.stringify(actual)}`);
  const wrong = fuseMismatches(actual, wanted);
  if (wrong.length)
    fail(`the release build's fuses are not as electron-builder.yml asks: ${wrong.join(' ')}`);
}
const launchFuses = readFusesOfFile(opts.app);
console.log(`Launch build fuses: ${JSON.stringify(launchFuses)}`);
const wrong = fuseMismatches(launchFuses, { ...wanted, enableNodeCliInspectArguments: 'on' });
if (wrong.length)
  fail(`the launch build differs from the release build in more than --inspect: ${wrong.join(' ')}`);

// --- a port ------------------------------------------------------------------------------
/** True when a loopback listener can take the port (Hyper-V or WinNAT may have reserved it). */
function canListen(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}
let port = opts.port ? Number(opts.port) : null;
for (const candidate of [40000, 41000, 42000, 38000, 36000, 34000]) {
  if (port !== null) break;
  if (await canListen(candidate)) port = candidate;
}
if (port === null) fail('no port to run on: 40000 and the other candidates are all taken or reserved.');
console.log(`Port: ${port}`);

// --- the window ----------------------------------------------------------------------------
const out = resolve(opts.out);
mkdirSync(out, { recursive: true });
const seconds = Number(opts.seconds);

const app = await electron.launch({ executablePath: resolve(opts.app), args: [], timeout: 90_000 });
app.process().stdout?.on('data', (d) => process.stdout.write(`[app] ${d}`));
app.process().stderr?.on('data', (d) => process.stderr.write(`[app] ${d}`));
try {
  const version = await app.evaluate(({ app: electronApp }) => electronApp.getVersion());
  console.log(`SocketCloseTest ${version} started.`);
  const page = await app.firstWindow({ timeout: 60_000 });
  await page.waitForLoadState('domcontentloaded');
  await page.getByTestId('state').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(out, '1-started.png') });

  const total = await driveShortRun(page, { mode: opts.mode, seconds, port, out });
  console.log(`A ${seconds} s ${opts.mode} run made ${total.toLocaleString('en-US')} connections.`);
} finally {
  await app.close();
}
console.log(`Screenshots in ${out}`);
