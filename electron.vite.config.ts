import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  main: {
    build: {
      // Dependencies stay in node_modules (packaged beside the app), not in the bundle.
      externalizeDeps: true,
      // The entry lives with the rest of the Electron side; it still builds to out/main/index.js,
      // which package.json's "main" names.
      rollupOptions: { input: { index: resolve('src/main/electron/index.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      // A sandboxed renderer can only load a CommonJS preload.
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    // The same two aliases as tsconfig.web.json's paths and the renderer tests' in vitest.config.ts.
    resolve: { alias: { '@renderer': resolve('src/renderer/src'), '@shared': resolve('src/shared') } },
    build: { minify: true, rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
    plugins: [svelte()],
  },
});
