import { Logger } from '@nestjs/common';
import type { CacheBackend } from './cache-backend';
import { createGeneralCache } from './general-cache';
import { createRedisClient, type RedisClient } from './redis-client';
import { RedisInvalidationBus } from './redis-invalidation-bus';
import { RedisRateLimitCounters } from './redis-rate-limit-counters';
import { RedisTemporaryStore } from './redis-temporary-store';
import { SharedClientKeyvRedis } from './shared-client-keyv-redis';
import { withTimeout } from './with-timeout';

const STARTUP_CONNECT_WAIT_MS = 5000;
const CLOSE_WAIT_MS = 1000;

/**
 * One Redis connection shared by the temporary store, the general cache and the invalidation messages it
 * publishes, plus one subscribed to those messages; Redis is shared by every instance of the service.
 */
export function createRedisBackend(url: string, prefix: string): CacheBackend {
  const logger = new Logger('Cache');
  const client = createRedisClient(url, logger);
  const bus = new RedisInvalidationBus(
    client,
    createRedisClient(url, logger, { quiet: true }),
    `${prefix}invalidate`,
    logger,
  );
  return {
    temporaryStore: new RedisTemporaryStore(client, `${prefix}tmp:`),
    cache: createGeneralCache(new SharedClientKeyvRedis(client), prefix),
    invalidationBus: bus,
    rateLimitCounters: new RedisRateLimitCounters(client, `${prefix}rl:`),
    open: async () => {
      await connectAtStartup(client, logger);
      await bus.open();
    },
    close: async () => {
      await bus.close();
      await closeClient(client);
    },
  };
}

/**
 * A normal start is connected before serving, but Redis being down at boot does not stop the service: the client
 * keeps retrying and /readyz reports unavailable until it connects.
 */
async function connectAtStartup(client: RedisClient, logger: Logger): Promise<void> {
  try {
    await withTimeout<unknown>(
      client.connect(),
      STARTUP_CONNECT_WAIT_MS,
      `Redis not reachable within ${STARTUP_CONNECT_WAIT_MS} ms`,
    );
  } catch (error) {
    logger.warn(`${(error as Error).message}; starting anyway, readiness stays unavailable until it connects`);
  }
}

/** Lets in-flight commands finish, but a server that stopped answering must not hold up shutdown. */
async function closeClient(client: RedisClient): Promise<void> {
  if (!client.isOpen) {
    return;
  }
  try {
    await withTimeout(client.close(), CLOSE_WAIT_MS, 'Redis did not close in time');
  } catch {
    await client.destroy();
  }
}
