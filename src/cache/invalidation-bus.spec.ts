import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { type Invalidation, LocalInvalidationBus } from './invalidation-bus';
import { createRedisClient } from './redis-client';
import { RedisInvalidationBus } from './redis-invalidation-bus';

const redisUrl = process.env.CACHE_URL?.startsWith('redis://') ? process.env.CACHE_URL : undefined;

describe('InvalidationBus', () => {
  it('delivers at once in a single process', async () => {
    const bus = new LocalInvalidationBus();
    const received: Invalidation[] = [];
    bus.subscribe((invalidation) => received.push(invalidation));
    await bus.publish({ jti: 'j' });
    expect(received).toEqual([{ jti: 'j' }]);
    expect(bus.healthy).toBe(true);
  });

  describe.runIf(redisUrl)('over Redis pub/sub', () => {
    const logger = new Logger('invalidation-bus.spec');
    const channel = `gatehouse-spec-${randomBytes(4).toString('hex')}:invalidate`;
    const open = async () => {
      const publisher = createRedisClient(redisUrl as string, logger);
      await publisher.connect();
      const bus = new RedisInvalidationBus(publisher, createRedisClient(redisUrl as string, logger), channel, logger);
      await bus.open();
      // The subscription is made in the background, once the connection is ready.
      await vi.waitFor(() => expect(bus.healthy).toBe(true), { timeout: 2000 });
      const received: Invalidation[] = [];
      bus.subscribe((invalidation) => received.push(invalidation));
      return { bus, publisher, received };
    };

    it('reaches the other instance, and reports itself unhealthy once its subscription is gone', async () => {
      const first = await open();
      const second = await open();
      try {
        expect(second.bus.healthy).toBe(true);
        await first.bus.publish({ consumerId: 7 });
        expect(first.received).toContainEqual({ consumerId: 7 });
        await vi.waitFor(() => expect(second.received).toContainEqual({ consumerId: 7 }), { timeout: 1000 });

        await second.bus.close();
        expect(second.bus.healthy).toBe(false);
      } finally {
        await first.bus.close();
        await second.bus.close();
        await first.publisher.close();
        await second.publisher.close();
      }
    });
  });
});
