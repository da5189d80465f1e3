import type { RedisClient } from './redis-client';
import { decodeValue, encodeValue, ttlMilliseconds } from './stored-value';
import { TemporaryStore } from './temporary-store';
import { withTimeout } from './with-timeout';

const PING_TIMEOUT_MS = 1000;

/**
 * Store shared by every instance of the service. Atomicity comes from single Redis commands:
 * `SET NX PX` for add and `GETDEL` for take, so no two callers anywhere can both win.
 */
export class RedisTemporaryStore extends TemporaryStore {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {
    super();
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.client.set(this.prefix + key, encodeValue(value), {
      expiration: { type: 'PX', value: ttlMilliseconds(ttlSeconds) },
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    return decodeValue<T>(await this.client.get(this.prefix + key));
  }

  async delete(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }

  async add(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    const reply = await this.client.set(this.prefix + key, encodeValue(value), {
      expiration: { type: 'PX', value: ttlMilliseconds(ttlSeconds) },
      condition: 'NX',
    });
    return reply === 'OK';
  }

  async take<T>(key: string): Promise<T | undefined> {
    return decodeValue<T>(await this.client.getDel(this.prefix + key));
  }

  /** One transaction: the first count sets the window's expiry, later ones only add to it. */
  /** One transaction: the field, then the record's expiry from now. */
  async setField(key: string, field: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.client
      .multi()
      .hSet(this.prefix + key, field, encodeValue(value))
      .pExpire(this.prefix + key, ttlMilliseconds(ttlSeconds))
      .exec();
  }

  async deleteField(key: string, field: string): Promise<void> {
    await this.client.hDel(this.prefix + key, field);
  }

  async fields<T>(key: string): Promise<Record<string, T>> {
    const record = await this.client.hGetAll(this.prefix + key);
    return Object.fromEntries(Object.entries(record).map(([name, text]) => [name, decodeValue<T>(text) as T]));
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    const [, count] = await this.client
      .multi()
      .set(this.prefix + key, '0', { expiration: { type: 'PX', value: ttlMilliseconds(ttlSeconds) }, condition: 'NX' })
      .incr(this.prefix + key)
      .exec();
    return Number(count);
  }

  /** A counter's key exists only with its expiry (`increment` sets both in one MULTI): PTTL alone says it all. */
  async secondsLeft(key: string): Promise<number> {
    const left = await this.client.pTTL(this.prefix + key);
    return left > 0 ? left / 1000 : 0;
  }

  /** Command timeouts only cover the wait to be sent, so a server that accepts but never answers needs the race. */
  async ping(): Promise<void> {
    await withTimeout(this.client.ping(), PING_TIMEOUT_MS, `Redis did not answer PING within ${PING_TIMEOUT_MS} ms`);
  }
}
