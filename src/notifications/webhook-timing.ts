import type { RetryPolicy } from './retry-backoff';

/** How the webhook dispatcher paces itself; a provider so tests can make it fast. */
export interface WebhookTiming {
  pollIntervalMs: number;
  retry: RetryPolicy;
  /** How long a claimed row stays reserved for one dispatcher; far above the timeout, so a live send keeps it. */
  leaseMs: number;
  timeoutMs: number;
  /** From this many failed tries of one row on, each new failure is logged as a warning. */
  warnAfterAttempts: number;
  /** Rows read per query while working through the queue. */
  batchSize: number;
}

export const WEBHOOK_TIMING = Symbol('WEBHOOK_TIMING');

export const DEFAULT_WEBHOOK_TIMING: WebhookTiming = {
  pollIntervalMs: 1000,
  retry: { baseMs: 1000, capMs: 5 * 60_000, jitter: 0.1 },
  leaseMs: 30_000,
  timeoutMs: 5000,
  warnAfterAttempts: 20,
  batchSize: 50,
};
