import { CacheUnavailableError } from './cache-unavailable.error';
import type { RedisClient } from './redis-client';
import { decodeValue, encodeValue, ttlMilliseconds } from './stored-value';
import { TemporaryStore } from './temporary-store';
import { withTimeout } from './with-timeout';

const PING_TIMEOUT_MS = 1000;
/** How long a request waits for an answer: through a Sentinel failover, commands wait for the new master. */
const COMMAND_TIMEOUT_MS = 2000;

/**
 * Store shared by every instance of the service. Atomicity comes from single Redis commands on the master:
 * `SET NX PX` for add and `GETDEL` for take, so no two callers anywhere can both win. Every failure or timeout
 * surfaces as `CacheUnavailableError` (503), never as an answer: a take that timed out may still run on the master
 * later, which spends the value and so fails closed.
 */
export class RedisTemporaryStore extends TemporaryStore {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {
    super();
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.run(() =>
      this.client.set(this.prefix + key, encodeValue(value), {
        expiration: { type: 'PX', value: ttlMilliseconds(ttlSeconds) },
      }),
    );
  }

  async get<T>(key: string): Promise<T | undefined> {
    return decodeValue<T>(await this.run(() => this.client.get(this.prefix + key)));
  }

  async delete(key: string): Promise<void> {
    await this.run(() => this.client.del(this.prefix + key));
  }

  async add(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    const reply = await this.run(() =>
      this.client.set(this.prefix + key, encodeValue(value), {
        expiration: { type: 'PX', value: ttlMilliseconds(ttlSeconds) },
        condition: 'NX',
      }),
    );
    return reply === 'OK';
  }

  /** One `SET NX PX`, as `add`. */
  spend(key: string, ttlSeconds: number): Promise<boolean> {
    return this.add(key, true, ttlSeconds);
  }

  async take<T>(key: string): Promise<T | undefined> {
    return decodeValue<T>(await this.run(() => this.client.getDel(this.prefix + key)));
  }

  /** One transaction: the field, then the record's expiry from now. */
  async setField(key: string, field: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.run(() =>
      this.client
        .multi()
        .hSet(this.prefix + key, field, encodeValue(value))
        .pExpire(this.prefix + key, ttlMilliseconds(ttlSeconds))
        .exec(),
    );
  }

  async deleteField(key: string, field: string): Promise<void> {
    await this.run(() => this.client.hDel(this.prefix + key, field));
  }

  async fields<T>(key: string): Promise<Record<string, T>> {
    const record = await this.run(() => this.client.hGetAll(this.prefix + key));
    return Object.fromEntries(Object.entries(record).map(([name, text]) => [name, decodeValue<T>(text) as T]));
  }

  /** One transaction: the first count sets the window's expiry, later ones only add to it. */
  async increment(key: string, ttlSeconds: number): Promise<number> {
    const [, count] = await this.run(() =>
      this.client
        .multi()
        .set(this.prefix + key, '0', {
          expiration: { type: 'PX', value: ttlMilliseconds(ttlSeconds) },
          condition: 'NX',
        })
        .incr(this.prefix + key)
        .exec(),
    );
    return Number(count);
  }

  /** A counter's key exists only with its expiry (`increment` sets both in one MULTI): PTTL alone says it all. */
  async secondsLeft(...keys: string[]): Promise<number> {
    const names = keys.map((key) => this.prefix + key);
    if (names.length > 1 && (await this.run(() => this.client.exists(names))) === 0) {
      return 0;
    }
    const lefts = await this.run(() => Promise.all(names.map((name) => this.client.pTTL(name))));
    return Math.max(0, ...lefts) / 1000;
  }

  /** A hung server or a failover in progress must cost a request seconds, not minutes. */
  private async run<T>(command: () => Promise<T>): Promise<T> {
    // A bad TTL or value throws here, as itself: it is the caller's mistake, not an outage.
    const reply = command();
    try {
      return await withTimeout(reply, COMMAND_TIMEOUT_MS, `Redis did not answer within ${COMMAND_TIMEOUT_MS} ms`);
    } catch (error) {
      throw new CacheUnavailableError(error);
    }
  }

  /** Command timeouts only cover the wait to be sent, so a server that accepts but never answers needs the race. */
  async ping(): Promise<void> {
    await withTimeout(this.client.ping(), PING_TIMEOUT_MS, `Redis did not answer PING within ${PING_TIMEOUT_MS} ms`);
  }
}
