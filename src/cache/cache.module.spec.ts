import { createClient } from '@keyv/redis';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Cache } from 'cache-manager';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/load-config';
import { CacheModule } from './cache.module';
import { MemoryTemporaryStore } from './memory-temporary-store';
import type { RedisClient } from './redis-client';
import { RedisTemporaryStore } from './redis-temporary-store';
import { TemporaryStore } from './temporary-store';

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cache-'));
const redisUrl = process.env.CACHE_URL?.startsWith('redis://') ? process.env.CACHE_URL : undefined;
const prefix = `${process.env.CACHE_PREFIX ?? 'gatehouse:'}m${randomBytes(4).toString('hex')}:`;

async function startModule(cacheUrl: string): Promise<TestingModule> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    CACHE_URL: cacheUrl,
    CACHE_PREFIX: prefix,
    OAUTH_SECRET_KEY: 'x'.repeat(32),
  });
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), CacheModule] }).compile();
  return moduleRef.init();
}

describe('CacheModule with the in-process cache', () => {
  let moduleRef: TestingModule;

  beforeAll(async () => {
    moduleRef = await startModule('memory:');
  });

  afterAll(() => moduleRef.close());

  it('provides the memory TemporaryStore', async () => {
    const store = moduleRef.get(TemporaryStore);
    expect(store).toBeInstanceOf(MemoryTemporaryStore);
    await expect(store.ping()).resolves.toBeUndefined();
    await store.set('state', { csrf: 'abc' }, 30);
    expect(await store.get('state')).toEqual({ csrf: 'abc' });
  });

  it('provides a general cache apart from the temporary store', async () => {
    const cache = moduleRef.get<Cache>(CACHE_MANAGER);
    const store = moduleRef.get(TemporaryStore);
    await cache.set('consumer', { id: 7 }, 30_000);
    expect(await cache.get('consumer')).toEqual({ id: 7 });
    await store.set('session', 's', 30);
    await cache.clear();
    expect(await cache.get('consumer')).toBeUndefined();
    expect(await store.get('session')).toBe('s');
  });
});

(redisUrl ? describe : describe.skip)('CacheModule with Redis', () => {
  let raw: RedisClient;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    raw = createClient({ url: redisUrl });
    await raw.connect();
    moduleRef = await startModule(redisUrl as string);
  });

  afterAll(async () => {
    await moduleRef.close();
    await raw.close();
  });

  it('provides the Redis TemporaryStore, keeping keys under the configured prefix', async () => {
    const store = moduleRef.get(TemporaryStore);
    expect(store).toBeInstanceOf(RedisTemporaryStore);
    await expect(store.ping()).resolves.toBeUndefined();
    const key = randomUUID();
    await store.set(key, { nonce: 1 }, 30);
    expect(await raw.get(`${prefix}tmp:${key}`)).toBe('{"nonce":1}');
    expect(await raw.pTTL(`${prefix}tmp:${key}`)).toBeGreaterThan(29_000);
  });

  it('provides a general cache in its own namespace that clearing keeps apart from the temporary store', async () => {
    const cache = moduleRef.get<Cache>(CACHE_MANAGER);
    const store = moduleRef.get(TemporaryStore);
    const [cacheKey, storeKey] = [randomUUID(), randomUUID()];
    await cache.set(cacheKey, { id: 7 }, 30_000);
    expect(await cache.get(cacheKey)).toEqual({ id: 7 });
    expect(await raw.exists(`${prefix}cache::${cacheKey}`)).toBe(1);
    await store.set(storeKey, 's', 30);
    await cache.clear();
    expect(await cache.get(cacheKey)).toBeUndefined();
    expect(await store.get(storeKey)).toBe('s');
  });
});

(redisUrl ? describe : describe.skip)('CacheModule shutdown with Redis', () => {
  it('closes the connection for good: neither store reopens it', async () => {
    const moduleRef = await startModule(redisUrl as string);
    const store = moduleRef.get(TemporaryStore);
    const cache = moduleRef.get<Cache>(CACHE_MANAGER);
    await expect(store.ping()).resolves.toBeUndefined();
    await moduleRef.close();
    await expect(store.ping()).rejects.toThrow();
    expect(await cache.get('anything')).toBeUndefined();
    await expect(store.ping()).rejects.toThrow();
  });
});
