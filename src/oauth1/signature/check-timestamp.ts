import { ParameterRejectedError, TimestampRefusedError } from './oauth1-errors';

/** MediaWiki's OAuthServer::TIMESTAMP_THRESHOLD; oauthlib allows 600 s. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

/**
 * RFC 5849 §3.3: the timestamp is a positive integer of seconds since the epoch, and the server may refuse old
 * ones so that it only has to remember nonces for a while. Only plain digits are taken (no sign, space,
 * exponent or fraction, which Number() and PHP's intval would accept): malformed → 400 parameter_rejected;
 * further than `windowSeconds` from `nowSeconds` either way → 401 timestamp_refused. Answers the timestamp.
 */
export function checkTimestamp(
  timestamp: string,
  nowSeconds: number,
  windowSeconds: number = TIMESTAMP_WINDOW_SECONDS,
): number {
  if (!/^[1-9][0-9]*$/.test(timestamp)) {
    throw new ParameterRejectedError(`Malformed timestamp: ${timestamp}`, ['oauth_timestamp']);
  }
  const seconds = Number(timestamp);
  if (Math.abs(nowSeconds - seconds) > windowSeconds) {
    const now = Math.floor(nowSeconds);
    throw new TimestampRefusedError(timestamp, now, { min: now - windowSeconds, max: now + windowSeconds });
  }
  return seconds;
}
