import { type Invalidation, InvalidationBus } from './invalidation-bus';
import { CredentialCache } from './credential-cache';

/** A bus whose health the test controls. */
class TestBus extends InvalidationBus {
  up = true;

  get healthy(): boolean {
    return this.up;
  }

  publish(invalidation: Invalidation): Promise<void> {
    this.deliver(invalidation);
    return Promise.resolve();
  }
}

describe('CredentialCache', () => {
  let bus: TestBus;
  let cache: CredentialCache<string>;
  const later = () => Date.now() + 60_000;

  beforeEach(() => {
    bus = new TestBus();
    cache = new CredentialCache(bus, 3);
  });

  it('serves what was stored until it expires', () => {
    // A fake clock: on a loaded machine 20 real milliseconds can pass between two lines.
    vi.useFakeTimers();
    try {
      cache.begin('a').set('A', { consumerId: 1 }, later());
      cache.begin('b').set('B', { consumerId: 1 }, Date.now() + 20);
      expect(cache.get('a')).toBe('A');
      expect(cache.get('b')).toBe('B');
      vi.advanceTimersByTime(30);
      expect(cache.get('b')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it.each<[string, Invalidation]>([
    ['token', { jti: 'j1' }],
    ['family', { familyId: 'f1' }],
    ['authorization', { acceptanceId: 7 }],
    ['consumer', { consumerId: 3 }],
    ['user', { userId: 9 }],
    ['everything', { all: true }],
  ])('drops the entries an invalidation of a %s names, and only those', async (_what, invalidation) => {
    cache.begin('hit').set('H', { jti: 'j1', familyId: 'f1', acceptanceId: 7, consumerId: 3, userId: 9 }, later());
    cache.begin('other').set('O', { jti: 'j2', familyId: 'f2', acceptanceId: 8, consumerId: 4, userId: 10 }, later());
    await bus.publish(invalidation);
    expect(cache.get('hit')).toBeUndefined();
    expect(cache.get('other')).toBe(invalidation.all ? undefined : 'O');
  });

  it.each<[string, Invalidation]>([
    ['names it', { consumerId: 1 }],
    ['is of everything', { all: true }],
  ])('does not store state read before an invalidation that %s', async (_what, invalidation) => {
    const write = cache.begin('a');
    await bus.publish({ jti: 'unrelated' });
    await bus.publish(invalidation);
    await bus.publish({ userId: 99 });
    write.set('stale', { consumerId: 1, userId: 2 }, later());
    expect(cache.get('a')).toBeUndefined();
  });

  it('stores state read while only invalidations of other things came in', async () => {
    const write = cache.begin('a');
    await bus.publish({ jti: 'another token' });
    await bus.publish({ consumerId: 99 });
    write.set('A', { consumerId: 1, jti: 'this token' }, later());
    expect(cache.get('a')).toBe('A');
  });

  it('does not store state read before the invalidations it still remembers', async () => {
    vi.useFakeTimers();
    try {
      const write = cache.begin('a');
      await bus.publish({ consumerId: 99 });
      vi.advanceTimersByTime(6_000);
      await bus.publish({ consumerId: 98 });
      write.set('A', { consumerId: 1 }, later());
      expect(cache.get('a')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('neither serves nor stores while the bus may be losing messages', () => {
    cache.begin('a').set('A', {}, later());
    bus.up = false;
    expect(cache.get('a')).toBeUndefined();
    cache.begin('b').set('B', {}, later());
    bus.up = true;
    expect(cache.get('b')).toBeUndefined();
  });

  it('keeps at most its bound, dropping the oldest first', () => {
    for (const key of ['a', 'b', 'c', 'd']) {
      cache.begin(key).set(key.toUpperCase(), {}, later());
    }
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('d')).toBe('D');
  });
});
