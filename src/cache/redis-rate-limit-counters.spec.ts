import type { RedisClient } from './redis-client';
import { RedisRateLimitCounters } from './redis-rate-limit-counters';

/**
 * What RateLimiterRedis asks of node-redis (`useRedisPackage`): `isReady`, and `eval` of its INCRBY + PTTL script,
 * answered here as Redis would, from one map that stands for the server every instance shares.
 */
class FakeRedis {
  isReady = true;
  evals = 0;
  readonly counts = new Map<string, number>();

  eval(_script: string, options: { keys: string[]; arguments: string[] }): Promise<[number, number]> {
    this.evals += 1;
    const [key] = options.keys;
    const count = (this.counts.get(key) ?? 0) + Number(options.arguments[0]);
    this.counts.set(key, count);
    return Promise.resolve([count, Number(options.arguments[1]) * 1000]);
  }
}

function countersOn(redis: FakeRedis): RedisRateLimitCounters {
  return new RedisRateLimitCounters(redis as unknown as RedisClient, 'test:rl:');
}

describe('RedisRateLimitCounters', () => {
  it('counts in Redis under the cache prefix, so every instance on that Redis shares the count', async () => {
    const redis = new FakeRedis();
    const first = countersOn(redis).create('login:0:', { count: 2, seconds: 60 });
    const second = countersOn(redis).create('login:0:', { count: 2, seconds: 60 });
    expect(await first.hit('192.0.2.1')).toBe(0);
    expect(await second.hit('192.0.2.1')).toBe(0);
    expect(await first.hit('192.0.2.1')).toBe(60_000);
    expect([...redis.counts.keys()]).toEqual(['test:rl:login:0::192.0.2.1']);
  });

  it('remembers a used-up source in process memory: later hits and checks cost no round trip', async () => {
    const redis = new FakeRedis();
    const counter = countersOn(redis).create('par:0:', { count: 2, seconds: 60 });
    expect(await counter.knownWait('192.0.2.1')).toBe(0);
    await counter.hit('192.0.2.1');
    await counter.hit('192.0.2.1');
    expect(redis.evals).toBe(2);
    expect(await counter.knownWait('192.0.2.1')).toBeGreaterThan(59_000);
    expect(await counter.hit('192.0.2.1')).toBeGreaterThan(59_000);
    expect(redis.evals).toBe(2);
    expect(await counter.knownWait('192.0.2.2')).toBe(0);
  });

  it('keeps limiting in process memory while Redis is unreachable', async () => {
    const redis = new FakeRedis();
    redis.isReady = false;
    const counter = countersOn(redis).create('login:0:', { count: 1, seconds: 60 });
    expect(await counter.hit('192.0.2.1')).toBe(0);
    expect(await counter.hit('192.0.2.1')).toBeGreaterThan(0);
    expect(redis.evals).toBe(0);
  });
});
