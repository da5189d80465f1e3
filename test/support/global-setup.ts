import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { installMissing, skippedLine } from './system-components';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Names of the system components (test/support/system-components.js) that are not installed. */
    missingComponents: string[];
    /** Names this `vitest run`, so that work done once per run (building dist/) is not redone by each file. */
    testRunId: string;
  }
}

/** Under CI nothing may be skipped: a missing component fails the run instead. */
function strict(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Sets up the system components the interop and browser tests need (installing them with apt-get where it may),
 * so that `npm test` on a fresh machine does its own set-up; where it cannot, those tests skip and the run ends
 * with one line saying what was skipped and how to install it.
 */
export default function setup(project: TestProject): () => void {
  const missing = installMissing();
  if (missing.length > 0 && strict()) {
    throw new Error(`CI=true, so nothing may be skipped. ${skippedLine(missing)}`);
  }
  project.provide('testRunId', randomUUID());
  project.provide(
    'missingComponents',
    missing.map((component) => component.name),
  );
  return () => {
    if (missing.length > 0) {
      console.warn(`\n${skippedLine(missing)}\n`);
    }
  };
}
