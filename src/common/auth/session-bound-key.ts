import { sha256Hex } from '../crypto/crypto';

/**
 * The cache key of state that belongs to one login session, such as a consent dialog awaiting its answer. Another
 * session computes another key, so it can neither read nor spend that state (a refused request changes nothing),
 * and the key, a hash, shows neither the session id nor the handle the page carries.
 */
export function sessionBoundKey(prefix: string, sessionId: string, handle: string): string {
  return `${prefix}:${sha256Hex(`${sessionId}:${handle}`)}`;
}
