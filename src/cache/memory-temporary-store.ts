import type { CacheableMemory } from '@cacheable/memory';
import { decodeValue, encodeValue, ttlMilliseconds } from './stored-value';
import { TemporaryStore } from './temporary-store';

/**
 * Single-process store. Every operation runs synchronously on CacheableMemory, so nothing can interleave
 * between the check and the write of `add` or the read and the delete of `take`: they are atomic within
 * the process, which is the only scope a memory cache has.
 */
export class MemoryTemporaryStore extends TemporaryStore {
  constructor(
    private readonly memory: CacheableMemory,
    private readonly prefix: string,
  ) {
    super();
  }

  set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    return settle(() => this.memory.set(this.prefix + key, encodeValue(value), ttlMilliseconds(ttlSeconds)));
  }

  get<T>(key: string): Promise<T | undefined> {
    return settle(() => decodeValue<T>(this.memory.get<string>(this.prefix + key)));
  }

  delete(key: string): Promise<void> {
    return settle(() => this.memory.delete(this.prefix + key));
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

  take<T>(key: string): Promise<T | undefined> {
    return settle(() => decodeValue<T>(this.memory.take<string>(this.prefix + key)));
  }

  increment(key: string, ttlSeconds: number): Promise<number> {
    return settle(() => {
      const now = Date.now();
      const window = decodeValue<{ count: number; endsAt: number }>(this.memory.get<string>(this.prefix + key));
      const next = window && window.endsAt > now ? { ...window, count: window.count + 1 } : undefined;
      const counted = next ?? { count: 1, endsAt: now + ttlMilliseconds(ttlSeconds) };
      this.memory.set(this.prefix + key, encodeValue(counted), counted.endsAt - now);
      return counted.count;
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
