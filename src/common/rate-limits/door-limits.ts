import { Inject, Injectable, Logger } from '@nestjs/common';
import { type RateLimitCounter, RateLimitCounters } from '../../cache/rate-limit-counters';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { RateLimitedDoor } from '../../config/rate-limits';
import { throttleSource } from '../http/throttle-source';
import { RateLimitedException } from './rate-limited.exception';

/**
 * The per-address abuse limits of the anonymous doors (`RATE_LIMIT_*`), counted in the cache's store so that they
 * hold across instances. Addresses are counted as `throttleSource` makes them (an IPv4 address or an IPv6 /64), from
 * the client address the app derives everywhere (`TRUST_PROXY`).
 *
 * Two ways of counting, chosen per door by its cost and its legitimate traffic:
 * - `admit`: every request counts (login, registration, revocation, device authorization, PAR, OAuth 1 handshake).
 * - `limitRefusals`: only refused requests count, and a source whose count is used up is refused from what this
 *   process already knows, with no I/O (token endpoint, introspection). These doors sit on the gateway's hot path,
 *   where a gateway or a busy client sends thousands of good requests from one address; a good request then costs a
 *   map lookup and no round trip to Redis.
 */
const MAX_AUDITED = 10_000;

@Injectable()
export class DoorLimits {
  private readonly audit = new Logger('Audit');
  /** Until when each (door, source) was last audited: one line per refused source and window, not per request. */
  private readonly audited = new Map<string, number>();
  private readonly counters: Record<RateLimitedDoor, RateLimitCounter[]>;

  constructor(counters: RateLimitCounters, @Inject(APP_CONFIG) config: AppConfig) {
    const doors = Object.entries(config.rateLimits) as [RateLimitedDoor, AppConfig['rateLimits'][RateLimitedDoor]][];
    this.counters = Object.fromEntries(
      doors.map(([door, limits]) => [door, limits.map((limit, index) => counters.create(`${door}:${index}:`, limit))]),
    ) as Record<RateLimitedDoor, RateLimitCounter[]>;
  }

  /** Counts a request at `door` from `address`; throws `RateLimitedException` once the address is over a limit. */
  async admit(door: RateLimitedDoor, address: string | undefined): Promise<void> {
    const source = throttleSource(address);
    // Issued together: the Redis client pipelines the limits' scripts into one round trip.
    const waits = await Promise.all(this.counters[door].map((counter) => counter.hit(source)));
    this.refuseIfWaiting(door, source, waits);
  }

  /**
   * Runs a request at a door that counts refusals only: refused at once when this process knows the address used up
   * its count; otherwise run, and a refusal that `counts` (the door's own error) is counted, and answered as
   * `RateLimitedException` when it was one too many.
   */
  async limitRefusals<T>(
    door: RateLimitedDoor,
    address: string | undefined,
    run: () => Promise<T>,
    counts: (error: unknown) => boolean,
  ): Promise<T> {
    const counters = this.counters[door];
    if (counters.length === 0) {
      return run();
    }
    const source = throttleSource(address);
    this.refuseIfWaiting(door, source, await Promise.all(counters.map((counter) => counter.knownWait(source))));
    try {
      return await run();
    } catch (error) {
      if (counts(error)) {
        this.refuseIfWaiting(door, source, await Promise.all(counters.map((counter) => counter.hit(source))));
      }
      throw error;
    }
  }

  private refuseIfWaiting(door: RateLimitedDoor, source: string, waits: number[]): void {
    const wait = Math.max(0, ...waits);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      this.auditOnce(door, source, seconds);
      throw new RateLimitedException(seconds);
    }
  }

  private auditOnce(door: RateLimitedDoor, source: string, seconds: number): void {
    const key = `${door} ${source}`;
    const now = Date.now();
    if ((this.audited.get(key) ?? 0) > now) {
      return;
    }
    if (this.audited.size >= MAX_AUDITED) {
      // A flood from many sources: forgetting only means one more log line per source.
      this.audited.clear();
    }
    this.audited.set(key, now + seconds * 1000);
    this.audit.warn({ action: 'rate-limited', door, source, seconds }, 'requests refused by an abuse limit');
  }
}
