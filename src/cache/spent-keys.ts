import { hash } from 'node:crypto';

/** Below this many swept slots the queue is not compacted: copying a short tail often costs more than it frees. */
const COMPACT_AFTER = 1024;

/**
 * The memory backend's single-use keys (`TemporaryStore.spend`): a plain Map from key to the time it may be spent
 * again, instead of CacheableMemory's entries. A DPoP proof's `jti` is written once and never read, one per request:
 * measured on this machine (200 000 keys, one core), CacheableMemory's `has` + `set` with its key hashing and hooks
 * cost ~11 µs a key (~4 µs with its hashing off), this Map ~2 µs.
 *
 * Expired keys are dropped in the order they were spent, from a queue beside the Map, as new ones come: that is the
 * order of expiry while the TTL stays the same (one per kind of key), so each key is visited once. The Map itself is
 * never iterated: V8 leaves a deleted Map entry as a hole until the table is rebuilt, and every iteration starts at
 * the first slot, so sweeping by iterating the Map skipped all the holes left by earlier sweeps on every call, a
 * cost that grew with the number of live keys (bench/spent-keys.mjs: ~0.6 µs a key at 1 000 live keys, ~14 µs at
 * 20 000, ~124 µs at 260 000, the DPoP rate of one busy instance over the proof window). A key with a longer TTL at
 * the front holds back the sweep of shorter ones behind it until it expires; those count as absent all the same,
 * and memory stays bounded by the longest TTL in use. Nothing is ever evicted early: a forgotten key could be
 * replayed.
 *
 * Keys are held as their SHA-256 digest (32 bytes as a Latin-1 string, Node's 'binary'), not as given: a DPoP key is
 * the prefix, the key's thumbprint and a `jti` the client chose, built by concatenation, and 260 000 such keys held 176
 * MB of heap (676 bytes each), against 30 MB (117 bytes) as digests (measured 2026-12-08 with `--expose-gc`; the digest
 * costs about a microsecond). A client's long `jti` no longer costs more memory either. Two keys share a slot only if
 * SHA-256 collides.
 */
export class SpentKeys {
  private readonly expiries = new Map<string, number>();
  /** The keys and their expiries in the order they were spent; `head` is the first not yet swept. */
  private queuedKeys: string[] = [];
  private queuedExpiries: number[] = [];
  private head = 0;

  /** True the first time `key` is spent within `ttlMs`; synchronous, so atomic within the process. */
  spend(key: string, ttlMs: number): boolean {
    const now = Date.now();
    this.sweep(now);
    const slot = slotOf(key);
    const expires = this.expiries.get(slot);
    if (expires !== undefined && expires > now) {
      return false;
    }
    this.expiries.set(slot, now + ttlMs);
    this.queuedKeys.push(slot);
    this.queuedExpiries.push(now + ttlMs);
    return true;
  }

  delete(key: string): void {
    // Its queue slot stays until swept, and then removes nothing: the Map no longer holds that expiry.
    this.expiries.delete(slotOf(key));
  }

  get size(): number {
    return this.expiries.size;
  }

  private sweep(now: number): void {
    let head = this.head;
    const keys = this.queuedKeys;
    const expiries = this.queuedExpiries;
    while (head < keys.length && expiries[head] <= now) {
      const key = keys[head];
      // A key deleted, or spent again once expired, has a later slot of its own: only its own expiry removes it.
      if (this.expiries.get(key) === expiries[head]) {
        this.expiries.delete(key);
      }
      head += 1;
    }
    if (head >= COMPACT_AFTER && head * 2 >= keys.length) {
      this.queuedKeys = keys.slice(head);
      this.queuedExpiries = expiries.slice(head);
      head = 0;
    }
    this.head = head;
  }
}

function slotOf(key: string): string {
  return hash('sha256', key, 'binary');
}
