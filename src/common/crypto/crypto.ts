import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random lowercase hex of `bytes` bytes: 16 for keys and verifiers, 40 for OAuth 2 ids (DESIGN §6). */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A value derived from `message` that only the holder of `key` can compute. */
export function hmacSha256Hex(message: string, key: string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

/** MediaWiki's secret derivation: hex HMAC-SHA1 with the stored value as message and the server key as key. */
export function hmacSha1Hex(message: string, key: string): string {
  return createHmac('sha1', key).update(message).digest('hex');
}

/**
 * Compares two secrets in time independent of where they differ. Both sides are hashed first so that
 * inputs of different lengths take the same path and leak nothing through an early length check.
 */
export function constantTimeEquals(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
