import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { CacheBackend } from './cache-backend';
import { InvalidationBus } from './invalidation-bus';
import { createMemoryBackend } from './memory-cache-backend';
import { RateLimitCounters } from './rate-limit-counters';
import { createRedisBackend } from './redis-cache-backend';
import { TemporaryStore } from './temporary-store';

const CACHE_BACKEND = Symbol('CACHE_BACKEND');

/**
 * Provides the `TemporaryStore` for short-lived state, cache-manager's `Cache` (`CACHE_MANAGER`) for hot-path
 * lookups and the `InvalidationBus` between instances, on the configured backend: process memory, or Redis shared
 * by every instance.
 */
@Global()
@Module({
  providers: [
    {
      provide: CACHE_BACKEND,
      inject: [APP_CONFIG],
      useFactory: ({ cache, cachePrefix }: AppConfig): CacheBackend =>
        cache.type === 'redis' ? createRedisBackend(cache.url, cachePrefix) : createMemoryBackend(cachePrefix),
    },
    { provide: TemporaryStore, inject: [CACHE_BACKEND], useFactory: (backend: CacheBackend) => backend.temporaryStore },
    { provide: CACHE_MANAGER, inject: [CACHE_BACKEND], useFactory: (backend: CacheBackend) => backend.cache },
    {
      provide: InvalidationBus,
      inject: [CACHE_BACKEND],
      useFactory: (backend: CacheBackend) => backend.invalidationBus,
    },
    {
      provide: RateLimitCounters,
      inject: [CACHE_BACKEND],
      useFactory: (backend: CacheBackend) => backend.rateLimitCounters,
    },
  ],
  exports: [TemporaryStore, CACHE_MANAGER, InvalidationBus, RateLimitCounters],
})
export class CacheModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(CACHE_BACKEND) private readonly backend: CacheBackend) {}

  onModuleInit(): Promise<void> {
    return this.backend.open();
  }

  onApplicationShutdown(): Promise<void> {
    return this.backend.close();
  }
}
