import { defineConfig } from 'vitest/config';
import faults from './vitest.faults.config';

/**
 * The scale suite (`npm run test:scale`, docs/reliability.md): the fault suite's setup (the built service as
 * processes, one file at a time) with three instances behind HAProxy and Redis with Sentinel; a fault run under load
 * takes minutes, so each test may take five.
 */
export default defineConfig({
  ...faults,
  test: {
    ...faults.test,
    include: ['test/scale/*.scale-spec.ts'],
    testTimeout: 300_000,
  },
});
