export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  /** Fraction of the delay taken off at random, so instances retrying the same receiver spread out. */
  jitter: number;
}

/**
 * Delay before the next try after `attempts` failed ones: base, 2×base, 4×base… up to the cap. The jitter
 * only shortens the delay, so the cap really is the longest wait.
 */
export function retryDelay(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 32);
  const delay = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(delay * (1 - policy.jitter * random()));
}
