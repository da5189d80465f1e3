/**
 * Both stores keep values as JSON text: Redis has to, and in memory it makes every read a fresh copy that
 * callers cannot mutate behind the store's back. It also keeps falsy values (0, false, null) storable,
 * which CacheableMemory would otherwise report as absent.
 */
export function encodeValue(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) {
    throw new TypeError('A temporary value must be JSON-serialisable');
  }
  return text;
}

/** Redis answers null for a missing key, CacheableMemory undefined. */
export function decodeValue<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as T);
}

/** Whole milliseconds, rounded up so that a fractional TTL never expires early or becomes 0 (= no expiry). */
export function ttlMilliseconds(ttlSeconds: number): number {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`A temporary value needs a positive TTL in seconds, got ${ttlSeconds}`);
  }
  return Math.ceil(ttlSeconds * 1000);
}
