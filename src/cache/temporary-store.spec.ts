import { CacheableMemory } from '@cacheable/memory';
import { Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_COUNTERS, MemoryTemporaryStore, counterMemory } from './memory-temporary-store';
import { createRedisClient } from './redis-client';
import { RedisTemporaryStore } from './redis-temporary-store';
import { SpentKeys } from './spent-keys';
import type { TemporaryStore } from './temporary-store';

const redisUrl = process.env.CACHE_URL?.startsWith('redis://') ? process.env.CACHE_URL : undefined;
// Unique per run, so that parallel runs against one Redis never see each other's keys.
const prefix = `${process.env.CACHE_PREFIX ?? 'gatehouse:'}t${randomBytes(4).toString('hex')}:tmp:`;

/** Two handles on one backend, as two service instances sharing a cache would have. */
interface Stores {
  first: TemporaryStore;
  second: TemporaryStore;
  close(): Promise<void>;
}

function openMemory(): Promise<Stores> {
  const memory = new CacheableMemory({ useClone: false });
  const counters = counterMemory();
  const spent = new SpentKeys();
  return Promise.resolve({
    first: new MemoryTemporaryStore(memory, prefix, counters, spent),
    second: new MemoryTemporaryStore(memory, prefix, counters, spent),
    close: () => Promise.resolve(),
  });
}

async function openRedis(): Promise<Stores> {
  const logger = new Logger('temporary-store.spec');
  const clients = [createRedisClient(redisUrl as string, logger), createRedisClient(redisUrl as string, logger)];
  await Promise.all(clients.map((client) => client.connect()));
  return {
    first: new RedisTemporaryStore(clients[0], prefix),
    second: new RedisTemporaryStore(clients[1], prefix),
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

const backends: Array<[string, () => Promise<Stores>]> = [['memory', openMemory]];
if (redisUrl) {
  backends.push(['redis', openRedis]);
}

const CONCURRENCY = 200;

describe.each(backends)('TemporaryStore on %s', (_name, open) => {
  let stores: Stores;
  let store: TemporaryStore;
  const newKey = () => randomUUID();

  beforeAll(async () => {
    stores = await open();
    store = stores.first;
  });

  afterAll(() => stores.close());

  it('sets, gets and deletes', async () => {
    const key = newKey();
    expect(await store.get(key)).toBeUndefined();
    await store.set(key, { user: 42, scopes: ['basic'] }, 30);
    expect(await store.get(key)).toEqual({ user: 42, scopes: ['basic'] });
    await store.set(key, 'replaced', 30);
    expect(await store.get(key)).toBe('replaced');
    await store.delete(key);
    expect(await store.get(key)).toBeUndefined();
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it.each([0, false, null, '', [], {}])('keeps the falsy or empty value %j', async (value) => {
    const key = newKey();
    expect(await store.add(key, value, 30)).toBe(true);
    expect(await store.get(key)).toEqual(value);
    expect(await store.add(key, 'other', 30)).toBe(false);
    expect(await store.take(key)).toEqual(value);
    expect(await store.get(key)).toBeUndefined();
  });

  it('forgets values once their fractional TTL has passed', async () => {
    const [setKey, addKey] = [newKey(), newKey()];
    await store.set(setKey, 'a', 0.2);
    expect(await store.add(addKey, 'b', 0.2)).toBe(true);
    expect(await store.get(setKey)).toBe('a');
    expect(await store.get(addKey)).toBe('b');
    await sleep(400);
    expect(await store.get(setKey)).toBeUndefined();
    expect(await store.take(addKey)).toBeUndefined();
    expect(await store.add(addKey, 'c', 30)).toBe(true);
    expect(await store.get(addKey)).toBe('c');
  });

  it('add does not overwrite an existing value nor extend its TTL', async () => {
    const key = newKey();
    expect(await store.add(key, 'first', 0.3)).toBe(true);
    expect(await store.add(key, 'second', 30)).toBe(false);
    expect(await store.get(key)).toBe('first');
    await sleep(500);
    expect(await store.get(key)).toBeUndefined();
  });

  it('take returns the value once and removes it', async () => {
    const key = newKey();
    expect(await store.take(key)).toBeUndefined();
    await store.set(key, { code: 'abc' }, 30);
    expect(await store.take(key)).toEqual({ code: 'abc' });
    expect(await store.take(key)).toBeUndefined();
    expect(await store.get(key)).toBeUndefined();
  });

  it('stores copies that callers cannot change afterwards', async () => {
    const key = newKey();
    const value = { nested: { list: [1, 2] } };
    await store.set(key, value, 30);
    value.nested.list.push(3);
    const read = await store.get<typeof value>(key);
    expect(read).toEqual({ nested: { list: [1, 2] } });
    read?.nested.list.push(4);
    expect(await store.get(key)).toEqual({ nested: { list: [1, 2] } });
  });

  it('rejects a TTL that is not positive and a value that is not JSON', async () => {
    const key = newKey();
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.set(key, 'x', ttl)).rejects.toThrow(RangeError);
      await expect(store.add(key, 'x', ttl)).rejects.toThrow(RangeError);
    }
    await expect(store.set(key, undefined, 30)).rejects.toThrow(TypeError);
    await expect(store.add(key, () => 'x', 30)).rejects.toThrow(TypeError);
    expect(await store.get(key)).toBeUndefined();
  });

  it('spends a key once until its fractional TTL has passed, and again after delete', async () => {
    const [key, other] = [newKey(), newKey()];
    expect(await store.spend(key, 0.2)).toBe(true);
    expect(await store.spend(key, 30)).toBe(false);
    expect(await stores.second.spend(key, 30)).toBe(false);
    expect(await store.spend(other, 30)).toBe(true);
    await sleep(400);
    expect(await store.spend(key, 30)).toBe(true);
    expect(await store.spend(key, 30)).toBe(false);
    await stores.second.delete(key);
    expect(await store.spend(key, 30)).toBe(true);
    expect(await store.spend(other, 30)).toBe(false);
    await expect(store.spend(key, 0)).rejects.toThrow(RangeError);
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it(`lets exactly one of ${CONCURRENCY} concurrent adds win`, async () => {
    const key = newKey();
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => store.add(key, i, 30)));
    const winners = results.flatMap((won, i) => (won ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(await store.get(key)).toBe(winners[0]);
  });

  it(`gives the value to exactly one of ${CONCURRENCY} concurrent takes`, async () => {
    const key = newKey();
    await store.set(key, 'once', 30);
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => store.take(key)));
    expect(results.filter((value) => value !== undefined)).toEqual(['once']);
  });

  it(`counts ${CONCURRENCY} concurrent increments from two instances, each once`, async () => {
    const key = newKey();
    const instance = (i: number) => (i % 2 === 0 ? stores.first : stores.second);
    const counts = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => instance(i).increment(key, 30)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: CONCURRENCY }, (_, i) => i + 1));
  });

  it('starts a new count once the window has passed, without extending it on later counts', async () => {
    const key = newKey();
    expect(await store.increment(key, 0.3)).toBe(1);
    await sleep(150);
    expect(await store.increment(key, 0.3)).toBe(2);
    await sleep(250);
    expect(await store.increment(key, 0.3)).toBe(1);
  });

  it('sets, reads and deletes the fields of a record, which lives for the TTL of its latest write', async () => {
    const key = newKey();
    expect(await store.fields(key)).toEqual({});
    await store.setField(key, 'a', { device: 'laptop' }, 0.3);
    await stores.second.setField(key, 'b', { device: 'phone' }, 0.3);
    expect(await store.fields(key)).toEqual({ a: { device: 'laptop' }, b: { device: 'phone' } });
    await store.deleteField(key, 'a');
    await store.deleteField(key, 'missing');
    expect(await stores.second.fields(key)).toEqual({ b: { device: 'phone' } });
    await sleep(450);
    expect(await store.fields(key)).toEqual({});
  });

  it(`keeps every field of ${CONCURRENCY} concurrent writes from two instances`, async () => {
    const key = newKey();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) => (i % 2 ? stores.second : store).setField(key, `f${i}`, i, 30)),
    );
    expect(Object.keys(await store.fields(key))).toHaveLength(CONCURRENCY);
  });

  it('delete removes a counter: the next count starts a new window', async () => {
    const key = newKey();
    await store.increment(key, 30);
    expect(await store.increment(key, 30)).toBe(2);
    await store.delete(key);
    expect(await store.secondsLeft(key)).toBe(0);
    expect(await store.increment(key, 30)).toBe(1);
  });

  it("reads the time left in a counter's window, and 0 once the window has passed", async () => {
    const key = newKey();
    expect(await store.secondsLeft(key)).toBe(0);
    await store.increment(key, 0.4);
    expect(await stores.second.increment(key, 0.4)).toBe(2);
    const left = await store.secondsLeft(key);
    expect(left).toBeGreaterThan(0.1);
    expect(left).toBeLessThanOrEqual(0.4);
    await sleep(450);
    expect(await store.secondsLeft(key)).toBe(0);
  });

  it('reads the longest time left of several counters, and 0 when none runs', async () => {
    const [short, long, none] = [newKey(), newKey(), newKey()];
    expect(await store.secondsLeft(short, long, none)).toBe(0);
    await store.increment(short, 0.3);
    await stores.second.increment(long, 5);
    const left = await store.secondsLeft(none, short, long);
    expect(left).toBeGreaterThan(4);
    expect(left).toBeLessThanOrEqual(5);
    expect(await store.secondsLeft(none, short)).toBeLessThanOrEqual(0.3);
    await sleep(350);
    expect(await store.secondsLeft(short, none)).toBe(0);
  });

  it('stays atomic across two instances sharing the backend', async () => {
    const [addKey, takeKey] = [newKey(), newKey()];
    const instance = (i: number) => (i % 2 === 0 ? stores.first : stores.second);
    const added = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => instance(i).add(addKey, i, 30)));
    expect(added.filter(Boolean)).toHaveLength(1);
    expect(await stores.second.get(addKey)).toBe(added.indexOf(true));

    await stores.second.set(takeKey, 'once', 30);
    const taken = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => instance(i).take(takeKey)));
    expect(taken.filter((value) => value !== undefined)).toEqual(['once']);

    const spendKey = newKey();
    const spent = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => instance(i).spend(spendKey, 30)));
    expect(spent.filter(Boolean)).toHaveLength(1);
  });
});

describe('SpentKeys', () => {
  it('drops expired keys from the front as new ones are spent, and never a live one', async () => {
    const spent = new SpentKeys();
    for (let i = 0; i < 100; i += 1) {
      spent.spend(`old-${i}`, 100);
    }
    spent.spend('live', 30_000);
    await sleep(150);
    expect(spent.spend('new', 30_000)).toBe(true);
    expect(spent.size).toBe(2);
    expect(spent.spend('live', 30_000)).toBe(false);
    expect(spent.spend('old-0', 30_000)).toBe(true);
  });

  it('keeps a key spent again once expired, or deleted and spent again, until its own new expiry', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const spent = new SpentKeys();
      // a longer TTL at the front holds back the sweep of the keys behind it
      spent.spend('front', 300);
      spent.spend('again', 100);
      spent.spend('deleted', 100);
      vi.advanceTimersByTime(100);
      // 'again' expired but is not swept yet: spending it gives it a new expiry and a queue slot of its own
      expect(spent.spend('again', 1000)).toBe(true);
      spent.delete('deleted');
      expect(spent.spend('deleted', 1000)).toBe(true);
      vi.advanceTimersByTime(300);
      // the old slots of both are swept now, and must not forget them before their new expiry
      expect(spent.spend('other', 1000)).toBe(true);
      expect(spent.spend('again', 1000)).toBe(false);
      expect(spent.spend('deleted', 1000)).toBe(false);
      vi.advanceTimersByTime(700);
      expect(spent.spend('again', 1000)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells apart long keys that differ only in their last character, and refuses each the second time', () => {
    const spent = new SpentKeys();
    const stem = `dpop-jti:${'t'.repeat(43)}:${'j'.repeat(8000)}`;
    expect(spent.spend(`${stem}a`, 30_000)).toBe(true);
    expect(spent.spend(`${stem}b`, 30_000)).toBe(true);
    expect(spent.spend(`${stem}a`, 30_000)).toBe(false);
    spent.delete(`${stem}b`);
    expect(spent.spend(`${stem}b`, 30_000)).toBe(true);
    expect(spent.size).toBe(2);
  });

  it('forgets exactly the expired keys across many sweeps, and keeps every live one', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const spent = new SpentKeys();
      // 5 000 keys spent 1 ms apart, each for 1 s: at any time the last 1 000 are live, the rest forgotten
      for (let i = 0; i < 5000; i += 1) {
        expect(spent.spend(`k${i}`, 1000)).toBe(true);
        vi.advanceTimersByTime(1);
      }
      expect(spent.size).toBeLessThanOrEqual(1001);
      expect(spent.spend('k4999', 1000)).toBe(false);
      expect(spent.spend('k4001', 1000)).toBe(false);
      expect(spent.spend('k3999', 1000)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('MemoryTemporaryStore counters', () => {
  it(`keeps at most ${MAX_COUNTERS} by default, forgetting the least recently used first`, async () => {
    expect(counterMemory().lruSize).toBe(MAX_COUNTERS);
    const counters = counterMemory({ maxEntries: 100 });
    const memory = new CacheableMemory({ useClone: false });
    const store = new MemoryTemporaryStore(memory, 'bound:', counters);
    await store.increment('kept', 60);
    for (let i = 0; i < 1000; i += 1) {
      await store.increment(`flood-${i}`, 60);
      if (i % 50 === 0) {
        await store.increment('kept', 60);
      }
    }
    expect(counters.size).toBeLessThanOrEqual(100);
    expect(memory.size).toBe(0);
    expect(await store.increment('kept', 60)).toBe(22);
    expect(await store.secondsLeft('flood-0')).toBe(0);
  });
});
