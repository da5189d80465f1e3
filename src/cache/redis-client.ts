import { createClient, type RedisClientType } from '@keyv/redis';
import type { LoggerService } from '@nestjs/common';

export type RedisClient = RedisClientType;

const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * A client that fails fast instead of waiting for Redis: with the offline queue disabled, commands issued
 * while the connection is down reject at once rather than piling up, and it retries for ever (an outage
 * shows as 503 on /readyz, never as a crashed process).
 */
export function createRedisClient(url: string, logger: LoggerService, options: { quiet?: boolean } = {}): RedisClient {
  const client: RedisClient = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: reconnectDelay },
  });
  if (options.quiet) {
    // A second connection to the same server: its outages are the main one's, already logged.
    client.on('error', () => undefined);
  } else {
    logConnectionChanges(client, logger);
  }
  return client;
}

/** Exponential back-off, capped so that Redis coming back is noticed within about two seconds. */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS);
}

/**
 * Every failed reconnection attempt emits 'error'; an outage is logged once when it starts and once when it
 * ends. The listener also keeps node-redis from throwing an unhandled 'error' event, which would crash.
 */
function logConnectionChanges(client: RedisClient, logger: LoggerService): void {
  let unavailable = false;
  client.on('error', (error: unknown) => {
    if (!unavailable) {
      unavailable = true;
      logger.error(`Redis unavailable (${describeError(error)}); retrying in the background`);
    }
  });
  client.on('ready', () => {
    if (unavailable) {
      unavailable = false;
      logger.log('Redis connection restored');
    }
  });
}

/** Connection errors to a dual-stack host are AggregateErrors with an empty message and only a code. */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.message || (error as NodeJS.ErrnoException).code || error.name;
  }
  return String(error);
}
