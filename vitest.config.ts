import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

// Tests import the public entry points, as users do; these aliases point them at the sources.
const alias = {
  'agentver/stats': src('stats/index.ts'),
  agentver: src('index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    // Two files at a time, also on 2 cores (vitest's default there is one): an emulator file spends
    // much of its time waiting on its own emulator, which answers one request at a time.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/stats/**/*.test.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'emulator',
          include: ['test/emulator/**/*.test.ts'],
          // Each file starts its own emulator (file-emulator.ts) on first use, so files can run side by side.
          setupFiles: ['test/emulator/file-emulator.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
