// Builds the parts that run on plain Node: the command line and the engine's worker thread.
// The workers are self-contained files so the packaged app can load them from outside the asar.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { index: 'src/main/cli/index.ts' },
    outdir: 'out/cli',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: {
      'engine-worker': 'src/main/engine/worker.ts',
      'netstat-worker': 'src/main/engine/netstat/netstat-worker.ts',
      'watch-worker': 'src/main/watch/watch-worker.ts',
    },
    outdir: 'out/worker',
    // Unpacked beside the app's asar, a worker cannot reach node_modules: it carries its packages.
    packages: 'bundle',
    // Bundled CommonJS packages (iconv-lite) still require() Node's own modules, and an ES module
    // has no require: without this the poll thread dies at start ("Dynamic require of "buffer"").
    banner: {
      js: "import { createRequire as __sctCreateRequire } from 'node:module'; const require = __sctCreateRequire(import.meta.url);",
    },
  }),
]);
