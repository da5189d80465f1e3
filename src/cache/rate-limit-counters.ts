import { RateLimiterMemory, type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { ThrottleLimit } from '../config/throttle-limits';

/** Hits of one key (a client address) within a fixed window of `limit.seconds`, at most `limit.count` of them. */
export interface RateLimitCounter {
  /** Counts a hit; the milliseconds until the window ends when the key is now over its count, else 0. */
  hit(key: string): Promise<number>;
  /**
   * The milliseconds this process already knows the key must wait (its count is used up), found without a round trip
   * to a shared store; 0 when it knows of none. The hot doors ask this first, so a refused source costs no I/O.
   */
  knownWait(key: string): Promise<number>;
}

/** Makes the counters of the configured cache: in process memory, or in Redis shared by every instance. */
export abstract class RateLimitCounters {
  abstract create(name: string, limit: ThrottleLimit): RateLimitCounter;
}

/** rate-limiter-flexible counts whole seconds. */
export function windowSeconds(limit: ThrottleLimit): number {
  return Math.max(1, Math.ceil(limit.seconds));
}

/** A hit on a rate-limiter-flexible limiter: it rejects with a `RateLimiterRes` when the key is over its points. */
export async function hitLimiter(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) {
      return Math.max(1, refusal.msBeforeNext);
    }
    // Only a failing insurance limiter gets here: an abuse limit fails open rather than refusing everyone.
    return 0;
  }
}

/** Counters of one process, for a single instance (`CACHE_URL=memory:`), development and tests. */
export class MemoryRateLimitCounters extends RateLimitCounters {
  constructor(private readonly prefix: string) {
    super();
  }

  create(name: string, limit: ThrottleLimit): RateLimitCounter {
    const limiter = new RateLimiterMemory({
      keyPrefix: `${this.prefix}${name}`,
      points: limit.count,
      duration: windowSeconds(limit),
    });
    return {
      hit: (key) => hitLimiter(limiter, key),
      knownWait: async (key) => {
        const state = await limiter.get(key);
        return state && state.consumedPoints >= limit.count ? Math.max(1, state.msBeforeNext) : 0;
      },
    };
  }
}
