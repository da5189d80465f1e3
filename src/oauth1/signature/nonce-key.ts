import { sha256Hex } from '../../common/crypto/crypto';
import { TIMESTAMP_WINDOW_SECONDS } from './check-timestamp';
import { percentEncode } from './percent-encode';

/**
 * The TemporaryStore key under which a nonce is recorded with the atomic `add` (DESIGN §5): one per (consumer
 * key, token key, nonce). RFC 5849 §3.3 scopes nonces by timestamp too; leaving it out, as MediaWiki does,
 * makes a nonce single-use for the whole window, which is stricter. The token *key*, never its secret:
 * MediaWiki keyed on the token's string form, secret included, which then leaked into logs (reference §1.4,
 * T308861). The parts are §3.6-encoded so `&` separates them unambiguously, and hashed so that a client-chosen
 * nonce cannot make keys of any length (RFC 5849 §4.10).
 */
export function nonceKey(consumerKey: string, tokenKey: string | undefined, nonce: string): string {
  const scope = [consumerKey, tokenKey ?? '', nonce].map(percentEncode).join('&');
  return `oauth1:nonce:${sha256Hex(scope)}`;
}

/**
 * How long to remember the nonce: until a request with its timestamp would be refused anyway
 * (timestamp + window − now, as MediaWiki's absolute expiry), and at least a second so that a TTL never
 * reaches the store as zero or negative.
 */
export function nonceTtlSeconds(
  timestamp: number,
  nowSeconds: number,
  windowSeconds: number = TIMESTAMP_WINDOW_SECONDS,
): number {
  return Math.max(1, timestamp + windowSeconds - nowSeconds);
}
