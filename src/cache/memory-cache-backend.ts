import { CacheableMemory, KeyvCacheableMemory } from '@cacheable/memory';
import type { CacheBackend } from './cache-backend';
import { createGeneralCache } from './general-cache';
import { LocalInvalidationBus } from './invalidation-bus';
import { MemoryTemporaryStore, counterMemory } from './memory-temporary-store';
import { MemoryRateLimitCounters } from './rate-limit-counters';

const EXPIRY_SWEEP_INTERVAL_MS = 60_000;
const GENERAL_CACHE_MAX_ENTRIES = 10_000;

/** Everything in this process: for a single instance, or development and tests. */
export function createMemoryBackend(prefix: string): CacheBackend {
  // No LRU bound here: evicting a live nonce or authorization code would allow a replay. Expired entries are
  // swept instead, since nonces are written once and never read again. Stored values are immutable strings,
  // so cloning them on every read would be wasted work.
  const memory = new CacheableMemory({ checkInterval: EXPIRY_SWEEP_INTERVAL_MS, useClone: false });
  // Throttle counters may be forgotten (that only forgives failures), so theirs is bounded.
  const counters = counterMemory({ sweepIntervalMs: EXPIRY_SWEEP_INTERVAL_MS });
  return {
    temporaryStore: new MemoryTemporaryStore(memory, `${prefix}tmp:`, counters),
    // A memory of its own, because the general cache is bounded by LRU eviction and can be cleared.
    cache: createGeneralCache(new KeyvCacheableMemory({ lruSize: GENERAL_CACHE_MAX_ENTRIES }), prefix),
    invalidationBus: new LocalInvalidationBus(),
    rateLimitCounters: new MemoryRateLimitCounters(`${prefix}rl:`),
    open: () => Promise.resolve(),
    close: () => {
      memory.stopIntervalCheck();
      counters.stopIntervalCheck();
      return Promise.resolve();
    },
  };
}
