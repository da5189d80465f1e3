/**
 * The memory backend's single-use keys (`TemporaryStore.spend`): a plain Map from key to the time it may be spent
 * again, instead of CacheableMemory's entries. A DPoP proof's `jti` is written once and never read, one per request:
 * measured on this machine (200 000 keys, one core), CacheableMemory's `has` + `set` with its key hashing and hooks
 * cost ~11 µs a key (~4 µs with its hashing off), this Map ~2 µs.
 *
 * Expired keys are dropped from the front of the Map as new ones come: a Map iterates in insertion order, which is
 * the order of expiry while the TTL stays the same (one per kind of key), so each key is visited once. A key with a
 * longer TTL at the front holds back the sweep of shorter ones behind it until it expires; those count as absent
 * all the same, and memory stays bounded by the longest TTL in use. Nothing is ever evicted early: a forgotten key
 * could be replayed.
 */
export class SpentKeys {
  private readonly expiries = new Map<string, number>();

  /** True the first time `key` is spent within `ttlMs`; synchronous, so atomic within the process. */
  spend(key: string, ttlMs: number): boolean {
    const now = Date.now();
    this.sweep(now);
    const expires = this.expiries.get(key);
    if (expires !== undefined && expires > now) {
      return false;
    }
    if (expires !== undefined) {
      // An expired key spent again moves to the back, where its new expiry belongs.
      this.expiries.delete(key);
    }
    this.expiries.set(key, now + ttlMs);
    return true;
  }

  delete(key: string): void {
    this.expiries.delete(key);
  }

  get size(): number {
    return this.expiries.size;
  }

  private sweep(now: number): void {
    for (const [key, expires] of this.expiries) {
      if (expires > now) {
        return;
      }
      this.expiries.delete(key);
    }
  }
}
