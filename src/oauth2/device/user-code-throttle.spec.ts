import { CacheableMemory } from '@cacheable/memory';
import { MemoryTemporaryStore } from '../../cache/memory-temporary-store';
import { UserCodeThrottle } from './user-code-throttle';

describe('UserCodeThrottle (RFC 8628 §5.1)', () => {
  const throttle = () => new UserCodeThrottle(new MemoryTemporaryStore(new CacheableMemory(), 'test:'));

  it('locks a session after 5 wrong codes, for the rest of the 15-minute window', async () => {
    const guard = throttle();
    for (let failure = 0; failure < 4; failure++) {
      await guard.countFailure('session-a', '192.0.2.1');
    }
    expect(await guard.lockedFor('session-a', '192.0.2.1')).toBe(0);
    await guard.countFailure('session-a', '192.0.2.1');
    const wait = await guard.lockedFor('session-a', '192.0.2.1');
    expect(wait).toBeGreaterThan(890);
    expect(wait).toBeLessThanOrEqual(900);
    // Another session from another address is not slowed.
    expect(await guard.lockedFor('session-b', '198.51.100.7')).toBe(0);
  });

  it('locks an address after 20 wrong codes across its sessions', async () => {
    const guard = throttle();
    for (let failure = 0; failure < 20; failure++) {
      await guard.countFailure(`session-${failure % 10}`, '2001:db8::1');
    }
    // A fresh session from the same /64 buys no new tries.
    expect(await guard.lockedFor('fresh-session', '2001:db8::2')).toBeGreaterThan(0);
    expect(await guard.lockedFor('fresh-session', '192.0.2.1')).toBe(0);
  });
});
