import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { ThrottleLimit } from '../config/throttle-limits';
import type { RedisClient } from './redis-client';
import { type RateLimitCounter, RateLimitCounters, hitLimiter, windowSeconds } from './rate-limit-counters';

/** The part of rate-limiter-flexible's store limiter that its type declarations leave out. */
interface InMemoryBlocks {
  getInMemoryBlockMsBeforeExpire(rlKey: string): number;
}

/**
 * Counters in Redis on the cache's own client (no connection pool per limiter), so a limit holds across every
 * instance: each hit is one atomic Lua `INCRBY` + `PTTL` round trip (rate-limiter-flexible's RateLimiterRedis).
 *
 * - A key whose count is used up is also remembered in this process until its window ends
 *   (`inMemoryBlockOnConsumed`): further hits from that source are refused without touching Redis, so a flood
 *   costs a map lookup per request, not a round trip.
 * - While Redis is unreachable (the client fails fast, `rejectIfRedisNotReady`), an in-process limiter of the same
 *   size takes over (`insuranceLimiter`): the limit holds per instance during an outage instead of failing open or
 *   refusing everyone.
 */
export class RedisRateLimitCounters extends RateLimitCounters {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {
    super();
  }

  create(name: string, limit: ThrottleLimit): RateLimitCounter {
    const options = { keyPrefix: `${this.prefix}${name}`, points: limit.count, duration: windowSeconds(limit) };
    const limiter = new RateLimiterRedis({
      ...options,
      storeClient: this.client,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      inMemoryBlockOnConsumed: limit.count,
      insuranceLimiter: new RateLimiterMemory(options),
    });
    const blocks = limiter as unknown as InMemoryBlocks;
    return {
      hit: (key) => hitLimiter(limiter, key),
      knownWait: (key) => Promise.resolve(blocks.getInMemoryBlockMsBeforeExpire(limiter.getKey(key))),
    };
  }
}
