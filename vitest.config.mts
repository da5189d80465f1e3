import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * One runner for every tier: unit specs beside the code, e2e specs under test/. SWC compiles the
 * TypeScript because Nest's dependency injection needs decorator metadata, which esbuild does not emit.
 */
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    globals: true,
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts', 'test/fuzz/*.fuzz-spec.ts'],
    setupFiles: ['reflect-metadata'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
