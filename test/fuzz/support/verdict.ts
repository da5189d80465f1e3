import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { RawResponse } from './raw-http';

/** A V8 or Node stack frame: `    at fn (file.js:1:2)` or `    at file.js:1:2`. */
const STACK_FRAME = /^\s+at .*(?:\(|\s)\/?[^\s()]+:\d+:\d+\)?\s*$/m;
/** An exception's name and message as `toString()` prints them, or source paths of the service. */
const INTERNALS = /\b(?:[A-Z][A-Za-z]*Error|Exception): |node_modules\/|\/src\/[\w/-]+\.[tj]s\b/;

/** What is wrong with an answer (issue 17 item 2): a 5xx, or internals in the answer. */
export function faultsOf(response: RawResponse): string[] {
  const faults: string[] = [];
  if (response.status >= 500) {
    faults.push(`status ${response.status}`);
  }
  if (STACK_FRAME.test(response.text)) {
    faults.push('a stack frame in the answer');
  }
  const internal = INTERNALS.exec(response.text);
  if (internal) {
    faults.push(`internals in the answer: "${internal[0]}"`);
  }
  return faults;
}

/** A readable line for a fuzz failure: what was sent (cut short) and what came back. */
export function describeFault(sent: string, response: RawResponse, faults: string[]): string {
  const excerpt = (text: string) => (text.length > 600 ? `${text.slice(0, 600)}…` : text);
  return `${faults.join(', ')}\n--- sent ---\n${excerpt(sent)}\n--- answered ---\n${excerpt(response.text)}`;
}

/** A full collection, so RSS samples measure what is kept rather than what the collector has not reached yet. */
const collect: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/**
 * The process RSS after a full collection, in MiB. The service runs in the test's own process, so this is the
 * server's memory; sampled after a warm-up (JIT, caches, pools) and again after the run.
 */
export function settledRssMiB(): number {
  collect();
  collect();
  return process.memoryUsage().rss / 2 ** 20;
}

/**
 * Bounded growth, with room for what a collector may legitimately keep (allocator fragmentation, caches that fill
 * to their bound): at most half the warmed-up size again, and never less than 96 MiB of slack. A leak per request
 * over thousands of requests of up to megabytes each grows far past that.
 */
export function rssGrowthBoundMiB(warmed: number): number {
  return Math.max(96, warmed / 2);
}

/** How often each status came back, for the run's summary line: a fuzzer stuck at the parser shows up as all 400s. */
export class StatusTally {
  private readonly counts = new Map<number, number>();

  add(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }

  get total(): number {
    return [...this.counts.values()].reduce((sum, count) => sum + count, 0);
  }

  toString(): string {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status || 'closed'}×${count}`)
      .join(' ');
  }
}
