import { CacheUnavailableError } from '../../cache/cache-unavailable.error';
import { CommonErrorCode, CommonException } from './common.exception';

/** What @redis/client raises while its server is down or being reconnected to (by class: their `name` is `Error`). */
const REDIS_OFFLINE = new Set([
  'ClientOfflineError',
  'ClientClosedError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'ReconnectStrategyError',
]);
/**
 * What mysql2 raises when the database does not answer: a query past its timeout, a lost or refused connection,
 * (with replicas) a pool cluster whose servers all failed a moment ago and are rested before the next try, or a write
 * that reached a read-only server (ER_OPTION_PREVENTS_STATEMENT): mid-failover, a replica not yet promoted.
 */
const SOCKET_FAILURES = new Set([
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_CONNECTION_LOST',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'POOL_NONEONLINE',
  'ER_OPTION_PREVENTS_STATEMENT',
]);

/** How long a client is told to wait (RFC 9110 §10.2.3): the Redis client's and the pool's reconnects take seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * Whether `error` says that the database or Redis is not answering (possibly wrapped: TypeORM's `driverError`,
 * an error's `cause`). Such a failure is the service's to report as 503 Service Unavailable with `Retry-After`
 * (RFC 9110 §15.6.4), a state a client can wait out, not as a 500 with a logged trace.
 */
export function isBackendUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) {
    return false;
  }
  const { code, driverError, cause } = error as Error & { code?: unknown; driverError?: unknown; cause?: unknown };
  return (
    error instanceof CacheUnavailableError ||
    REDIS_OFFLINE.has(error.constructor.name) ||
    (typeof code === 'string' && SOCKET_FAILURES.has(code)) ||
    isBackendUnavailable(driverError, depth + 1) ||
    isBackendUnavailable(cause, depth + 1)
  );
}

/** The management API's (and every AppException-aware filter's) form of it, or `exception` unchanged. */
export function unavailableOr(exception: unknown): unknown {
  return isBackendUnavailable(exception)
    ? new CommonException(
        CommonErrorCode.ServiceUnavailable,
        'The service cannot reach its storage right now; try again shortly',
        { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      )
    : exception;
}
