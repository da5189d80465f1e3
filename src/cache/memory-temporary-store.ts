import { CacheableMemory } from '@cacheable/memory';
import { SpentKeys } from './spent-keys';
import { decodeValue, encodeValue, ttlMilliseconds } from './stored-value';
import { TemporaryStore } from './temporary-store';

/**
 * Counters kept at most: throttles write one per (client, source) and per source that failed, so an attacker with
 * many addresses could otherwise grow the heap without limit. Keys and values are a few dozen bytes each.
 */
export const MAX_COUNTERS = 50_000;

/**
 * The memory of the counters, apart from the one of nonces and codes, which must never be evicted. One Map rather
 * than CacheableMemory's default 16: with several, every read and write first hashes the key to pick one, and
 * `@cacheable/utils` builds a `Hashery` for each hash, about 4 µs a call; client authentication reads two lock
 * counters on every token request (`bench/profile-summary.mjs`). At most MAX_COUNTERS keys, far below a Map's limit.
 */
export function counterMemory(options: { maxEntries?: number; sweepIntervalMs?: number } = {}): CacheableMemory {
  return new CacheableMemory({
    storeHashSize: 1,
    lruSize: options.maxEntries ?? MAX_COUNTERS,
    checkInterval: options.sweepIntervalMs,
    useClone: false,
  });
}

interface CountWindow {
  count: number;
  endsAt: number;
}

/**
 * Single-process store. Every operation runs synchronously on CacheableMemory, so nothing can interleave
 * between the check and the write of `add` or the read and the delete of `take`: they are atomic within
 * the process, which is the only scope a memory cache has.
 */
export class MemoryTemporaryStore extends TemporaryStore {
  constructor(
    private readonly memory: CacheableMemory,
    private readonly prefix: string,
    private readonly counters: CacheableMemory = counterMemory(),
    private readonly spent = new SpentKeys(),
  ) {
    super();
  }

  set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    return settle(() => this.memory.set(this.prefix + key, encodeValue(value), ttlMilliseconds(ttlSeconds)));
  }

  get<T>(key: string): Promise<T | undefined> {
    return settle(() => decodeValue<T>(this.memory.get<string>(this.prefix + key)));
  }

  /**
   * Deletes an entry, a counter or a spent key: on Redis all live under one key space, and `delete` must mean the
   * same here.
   */
  delete(key: string): Promise<void> {
    return settle(() => {
      this.memory.delete(this.prefix + key);
      this.counters.delete(this.prefix + key);
      this.spent.delete(this.prefix + key);
    });
  }

  add(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    return settle(() => {
      const text = encodeValue(value);
      const ttl = ttlMilliseconds(ttlSeconds);
      if (this.memory.has(this.prefix + key)) {
        return false;
      }
      this.memory.set(this.prefix + key, text, ttl);
      return true;
    });
  }

  spend(key: string, ttlSeconds: number): Promise<boolean> {
    return settle(() => this.spent.spend(this.prefix + key, ttlMilliseconds(ttlSeconds)));
  }

  take<T>(key: string): Promise<T | undefined> {
    return settle(() => decodeValue<T>(this.memory.take<string>(this.prefix + key)));
  }

  increment(key: string, ttlSeconds: number): Promise<number> {
    return settle(() => {
      const now = Date.now();
      const window = this.counters.get<CountWindow>(this.prefix + key);
      const counted =
        window && window.endsAt > now
          ? { count: window.count + 1, endsAt: window.endsAt }
          : { count: 1, endsAt: now + ttlMilliseconds(ttlSeconds) };
      this.counters.set(this.prefix + key, counted, counted.endsAt - now);
      return counted.count;
    });
  }

  secondsLeft(...keys: string[]): Promise<number> {
    return settle(() => {
      const now = Date.now();
      const lefts = keys.map((key) => (this.counters.get<CountWindow>(this.prefix + key)?.endsAt ?? now) - now);
      return Math.max(0, ...lefts) / 1000;
    });
  }

  setField(key: string, field: string, value: unknown, ttlSeconds: number): Promise<void> {
    return settle(() => {
      const record = this.memory.get<Record<string, string>>(this.prefix + key) ?? {};
      this.memory.set(this.prefix + key, { ...record, [field]: encodeValue(value) }, ttlMilliseconds(ttlSeconds));
    });
  }

  deleteField(key: string, field: string): Promise<void> {
    return settle(() => {
      const record = this.memory.get<Record<string, string>>(this.prefix + key);
      if (record && field in record) {
        const rest = Object.fromEntries(Object.entries(record).filter(([name]) => name !== field));
        const expires = this.memory.getRaw(this.prefix + key)?.expires;
        this.memory.set(this.prefix + key, rest, expires ? Math.max(1, expires - Date.now()) : undefined);
      }
    });
  }

  fields<T>(key: string): Promise<Record<string, T>> {
    return settle(() => {
      const record = this.memory.get<Record<string, string>>(this.prefix + key) ?? {};
      return Object.fromEntries(Object.entries(record).map(([name, text]) => [name, decodeValue<T>(text) as T]));
    });
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }
}

/** Runs the work now (keeping it synchronous) and reports a thrown error as a rejection, like the Redis store. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}
