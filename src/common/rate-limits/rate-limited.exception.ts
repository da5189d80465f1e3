import { CommonErrorCode, CommonException } from '../errors/common.exception';

/**
 * A request refused by a door's abuse limit: 429 with `Retry-After` in seconds (RFC 6585 §4, RFC 9110 §10.2.3).
 * The API renders it as `{ code: 'rate_limited', message, requestId }`, pages as an error page; the protocol doors
 * translate it into their own formats.
 */
export class RateLimitedException extends CommonException {
  constructor(readonly retryAfter: number) {
    super(CommonErrorCode.RateLimited, `Too many requests from your address; try again in ${retryAfter} seconds.`, {
      'Retry-After': String(retryAfter),
    });
  }
}
