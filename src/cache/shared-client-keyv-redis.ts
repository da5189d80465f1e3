import KeyvRedis, { type RedisClientConnectionType } from '@keyv/redis';

/**
 * KeyvRedis on the module's client. On its own, KeyvRedis reconnects a client it finds closed; here the module
 * owns the connection, so a cache call after shutdown fails (and counts as a miss) instead of opening a new
 * connection that nobody closes.
 */
export class SharedClientKeyvRedis extends KeyvRedis<unknown> {
  override getClient(): Promise<RedisClientConnectionType> {
    return Promise.resolve(this.client);
  }
}
