import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'test/renderer/**', 'test/e2e/**'],
          globalSetup: ['test/setup/build-node.ts'],
        },
      },
      {
        test: {
          // Real sockets and namespaces: one file at a time, so runs do not share the two cores.
          name: 'integration',
          environment: 'node',
          include: ['test/**/*.int.test.ts'],
          exclude: ['test/renderer/**', 'test/e2e/**'],
          globalSetup: ['test/setup/build-node.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [svelte()],
        // The same two aliases as electron.vite.config.ts's renderer and tsconfig.web.json's paths.
        resolve: {
          conditions: ['browser'],
          alias: { '@renderer': resolve('src/renderer/src'), '@shared': resolve('src/shared') },
        },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.ts'],
        },
      },
    ],
  },
});
