import type { Cache } from 'cache-manager';
import type { InvalidationBus } from './invalidation-bus';
import type { TemporaryStore } from './temporary-store';

/** What the configured cache (memory or Redis) provides, and the connection lifecycle the module drives. */
export interface CacheBackend {
  readonly temporaryStore: TemporaryStore;
  /** The general cache behind CACHE_MANAGER, for hot-path lookups; an entry may vanish at any time. */
  readonly cache: Cache;
  /** How instances tell each other to drop what they cached in process memory. */
  readonly invalidationBus: InvalidationBus;
  open(): Promise<void>;
  close(): Promise<void>;
}
