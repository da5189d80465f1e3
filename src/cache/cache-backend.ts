import type { Cache } from 'cache-manager';
import type { InvalidationBus } from './invalidation-bus';
import type { RateLimitCounters } from './rate-limit-counters';
import type { TemporaryStore } from './temporary-store';

/** What the configured cache (memory or Redis) provides, and the connection lifecycle the module drives. */
export interface CacheBackend {
  readonly temporaryStore: TemporaryStore;
  /** The general cache behind CACHE_MANAGER, for hot-path lookups; an entry may vanish at any time. */
  readonly cache: Cache;
  /** How instances tell each other to drop what they cached in process memory. */
  readonly invalidationBus: InvalidationBus;
  /** Per-key hit counters for abuse limits, on the same store (and the same Redis client) as the rest. */
  readonly rateLimitCounters: RateLimitCounters;
  open(): Promise<void>;
  close(): Promise<void>;
}
