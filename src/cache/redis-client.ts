import { type RedisClientType, type RedisSentinelType, createClient, createSentinel } from '@keyv/redis';
import type { LoggerService } from '@nestjs/common';
import { SENTINEL_URL_PREFIX, type SentinelSettings, parseSentinelUrl } from './redis-sentinel-url';

/** A connection to one Redis server, or to whichever server the Sentinels currently name master. */
export type RedisClient = RedisClientType | RedisSentinelType;

const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * A client that fails fast instead of waiting for Redis: with the offline queue disabled, commands issued
 * while the connection is down reject at once rather than piling up, and it retries for ever (an outage
 * shows as 503 on /readyz, never as a crashed process).
 */
export function createRedisClient(url: string, logger: LoggerService, options: { quiet?: boolean } = {}): RedisClient {
  const client: RedisClient = url.startsWith(SENTINEL_URL_PREFIX)
    ? createSentinelClient(parseSentinelUrl(url))
    : createClient({ url, ...FAIL_FAST });
  if (options.quiet) {
    // A second connection to the same server: its outages are the main one's, already logged.
    client.on('error', () => undefined);
  } else {
    logConnectionChanges(client, logger);
  }
  return client;
}

const FAIL_FAST = {
  disableOfflineQueue: true,
  socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: reconnectDelay },
} as const;

/**
 * node-redis's Sentinel client asks the Sentinels for the master, follows their switch-master announcements and
 * asks again when the master stops answering or answers READONLY (a demoted master), so a failover needs no restart.
 * Commands sent meanwhile wait for the new master; callers bound that wait themselves.
 */
function createSentinelClient(settings: SentinelSettings): RedisSentinelType {
  return createSentinel({
    name: settings.masterName,
    sentinelRootNodes: settings.sentinels,
    nodeClientOptions: { ...FAIL_FAST, username: settings.username, password: settings.password },
    sentinelClientOptions: FAIL_FAST,
    // The master's connection errors reach the 'error' listener, so an outage is logged like a single server's.
    passthroughClientErrorEvents: true,
  });
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
  const restored = (): void => {
    if (unavailable) {
      unavailable = false;
      logger.log('Redis connection restored');
    }
  };
  client.on('ready', restored);
  // The Sentinel client emits no 'ready': a master found (at start or after a failover) is its recovery.
  client.on('topology-change', (event: TopologyChange) => {
    if (event.type === 'MASTER_CHANGE') {
      logger.log(`Redis master is ${event.node.host}:${event.node.port}`);
      restored();
    }
  });
}

/** node-redis's RedisSentinelEvent, which its package does not export. */
export interface TopologyChange {
  type: string;
  node: { host: string; port: number };
}

/** Connection errors to a dual-stack host are AggregateErrors with an empty message and only a code. */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.message || (error as NodeJS.ErrnoException).code || error.name;
  }
  return String(error);
}
