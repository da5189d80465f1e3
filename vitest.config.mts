import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * One runner for every tier: unit specs beside the code, e2e specs under test/. SWC compiles the
 * TypeScript because Nest's dependency injection needs decorator metadata, which esbuild does not emit.
 *
 * The e2e and fuzz files share their worker's modules (`isolate: false`): each of them imports the whole service
 * (about 600 modules) to boot it, and importing it afresh for every file cost CI about 2 s of CPU a file. They may,
 * because each builds its own app from its own config and closes it, and vitest restores spies between files. The
 * unit specs keep a module registry per file, as `vi.mock` needs. Both run in the same two worker processes.
 */
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    globals: true,
    setupFiles: ['reflect-metadata'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    isolate: false,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.spec.ts'], isolate: true } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.e2e-spec.ts', 'test/fuzz/*.fuzz-spec.ts'] } },
    ],
  },
});
