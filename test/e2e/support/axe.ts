import { readFileSync } from 'node:fs';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle, read once; injected into each page (the context must bypass the page's CSP). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts issue 16 item 5 forbids; `minor` and `moderate` findings are reported by axe but not failed on. */
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it is now, with its default rules (WCAG 2.0–2.2 A and AA, and best practices), and
 * answers the serious and critical violations.
 */
export async function blockingViolations(page: Page): Promise<Result[]> {
  if (!(await page.evaluate("typeof axe !== 'undefined'"))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  // a string, since the tests compile without the DOM's types
  const results = await page.evaluate<AxeResults>("axe.run(document, { resultTypes: ['violations'] })");
  return results.violations.filter((violation) => BLOCKING.has(violation.impact ?? ''));
}

/** The violations as a reader fixing them wants them: rule, impact, what to do, and each element with axe's hint. */
export function describeViolations(url: string, violations: Result[]): string {
  const lines = violations.flatMap((violation) => [
    `${violation.id} (${violation.impact}): ${violation.help} — ${violation.helpUrl}`,
    ...violation.nodes.map(
      (node) => `    ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
    ),
  ]);
  return `${violations.length} serious or critical axe violations at ${url}:\n${lines.join('\n')}`;
}
