import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * The fault-injection suite (`npm run test:faults`, docs/reliability.md): the built service (`dist/`, from
 * `npm run build`) as two processes on MariaDB and a redis-server of its own, one scenario file at a time, since
 * each one kills and pauses what the others would need.
 */
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    globals: true,
    include: ['test/faults/*.fault-spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
