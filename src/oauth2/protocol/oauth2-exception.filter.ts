import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CacheUnavailableError } from '../../cache/cache-unavailable.error';
import { InputRefusedException } from '../../common/http/input-refused.exception';
import { RateLimitedException } from '../../common/rate-limits/rate-limited.exception';
import { Oauth2Error } from '../oauth2-error';

/**
 * The JSON endpoints of OAuth 2 answer every failure as RFC 6749 §5.2 `{ error, error_description }`, never
 * cached; a malformed or oversized request is `invalid_request` (413 or 431 where it was too large), anything
 * unexpected `server_error` with no internals.
 */
@Catch()
export class Oauth2ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(Oauth2ExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = asOauth2Error(exception);
    if (error.error === 'server_error') {
      this.logger.error({ err: exception }, 'unexpected error');
    }
    response
      .status(error.status)
      .set({ 'Cache-Control': 'no-store', Pragma: 'no-cache', ...error.headers })
      .json({ error: error.error, error_description: error.description });
  }
}

export function asOauth2Error(exception: unknown): Oauth2Error {
  if (exception instanceof Oauth2Error) {
    return exception;
  }
  if (exception instanceof InputRefusedException) {
    return new Oauth2Error('invalid_request', exception.message, { status: exception.getStatus() });
  }
  if (exception instanceof RateLimitedException) {
    return rateLimited(exception);
  }
  if (exception instanceof CacheUnavailableError) {
    return cacheUnavailable(exception);
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    return new Oauth2Error('invalid_request', exception.message);
  }
  return new Oauth2Error('server_error', 'The authorization server encountered an unexpected condition');
}

/**
 * A per-address abuse limit: 429 with `Retry-After` (RFC 6585 §4). RFC 6749 §5.2 has no code for it; the answer
 * uses `temporarily_unavailable`, the one registered code (RFC 6749 §4.1.2.1, §11.4) that tells a client to try again
 * later. `invalid_request` or `invalid_client` would tell it that its request or its credentials are wrong, and a
 * client library may give up or disable itself on those.
 */
function rateLimited(exception: RateLimitedException): Oauth2Error {
  return new Oauth2Error('temporarily_unavailable', exception.message, {
    status: 429,
    headers: { 'Retry-After': String(exception.retryAfter) },
  });
}

/**
 * The store of single-use values (codes, nonces, jtis) did not answer: RFC 6749 §4.1.2.1 `temporarily_unavailable`
 * with 503 and `Retry-After` (RFC 9110 §15.6.4), so the client retries rather than the server guessing whether a
 * value was already spent.
 */
function cacheUnavailable(exception: CacheUnavailableError): Oauth2Error {
  return new Oauth2Error('temporarily_unavailable', exception.message, {
    status: 503,
    headers: { 'Retry-After': String(exception.retryAfter) },
  });
}
