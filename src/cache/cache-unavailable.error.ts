/**
 * The temporary store did not answer (Redis down, failing over, or too slow). A step that needed it must not go on
 * without it: a single-use value it could not spend could be spent twice. Answered 503 with `Retry-After`
 * (RFC 9110 §15.6.4, §10.2.3) in each protocol's own error format.
 */
export class CacheUnavailableError extends Error {
  /** A Sentinel failover with a short down-after-milliseconds is over within a few seconds. */
  static readonly RETRY_AFTER_SECONDS = 5;

  constructor(cause: unknown) {
    super('The cache is temporarily unavailable', { cause });
    this.name = 'CacheUnavailableError';
  }

  get retryAfter(): number {
    return CacheUnavailableError.RETRY_AFTER_SECONDS;
  }
}
