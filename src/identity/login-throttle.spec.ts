import { CacheableMemory } from '@cacheable/memory';
import { MemoryTemporaryStore } from '../cache/memory-temporary-store';
import type { AppConfig } from '../config/app-config';
import { LoginThrottle } from './login-throttle';

function throttleWith(limits: AppConfig['identity']['loginThrottle']): LoginThrottle {
  const config = { identity: { loginThrottle: limits } } as AppConfig;
  return new LoginThrottle(new MemoryTemporaryStore(new CacheableMemory(), 'test:'), config);
}

const NONE = { accountAddress: [], account: [], address: [], recovery: [] };

describe('LoginThrottle', () => {
  it('allows `count` attempts per account and address, then answers the time left in the window', async () => {
    const throttle = throttleWith({ ...NONE, accountAddress: [{ count: 3, seconds: 300 }] });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await throttle.admit('Alice', '192.0.2.1')).toBe(0);
    }
    const wait = await throttle.admit('Alice', '192.0.2.1');
    expect(wait).toBeGreaterThan(290);
    expect(wait).toBeLessThanOrEqual(300);
    // Another address, or another account, has its own count.
    expect(await throttle.admit('Alice', '192.0.2.2')).toBe(0);
    expect(await throttle.admit('Bob', '192.0.2.1')).toBe(0);
  });

  it('counts one account under its canonical name', async () => {
    const throttle = throttleWith({ ...NONE, accountAddress: [{ count: 1, seconds: 60 }] });
    expect(await throttle.admit('alice_smith', '192.0.2.1')).toBe(0);
    expect(await throttle.admit('Alice smith', '192.0.2.1')).toBeGreaterThan(0);
  });

  it('counts an account across addresses, IPv6 addresses by their /64', async () => {
    const throttle = throttleWith({ ...NONE, account: [{ count: 2, seconds: 60 }] });
    expect(await throttle.admit('Alice', '2001:db8::1')).toBe(0);
    expect(await throttle.admit('Alice', '192.0.2.9')).toBe(0);
    expect(await throttle.admit('Alice', '2001:db8::2')).toBeGreaterThan(0);
  });

  it('counts the failures of an address across accounts, never its successes', async () => {
    const throttle = throttleWith({ ...NONE, address: [{ count: 2, seconds: 60 }] });
    expect(await throttle.admit('Alice', '192.0.2.1')).toBe(0);
    await throttle.countFailure('192.0.2.1');
    expect(await throttle.admit('Bob', '192.0.2.1')).toBe(0);
    await throttle.countFailure('192.0.2.1');
    expect(await throttle.admit('Carol', '192.0.2.1')).toBeGreaterThan(50);
    expect(await throttle.admit('Carol', '192.0.2.2')).toBe(0);
  });

  it("clears an account's counters after a successful sign-in, not the address's", async () => {
    const throttle = throttleWith({
      accountAddress: [{ count: 1, seconds: 60 }],
      account: [{ count: 1, seconds: 60 }],
      address: [{ count: 1, seconds: 60 }],
      recovery: [],
    });
    expect(await throttle.admit('Alice', '192.0.2.1')).toBe(0);
    await throttle.clear('Alice', '192.0.2.1');
    expect(await throttle.admit('Alice', '192.0.2.1')).toBe(0);
    await throttle.countFailure('192.0.2.1');
    await throttle.clear('Alice', '192.0.2.1');
    expect(await throttle.admit('Alice', '192.0.2.1')).toBeGreaterThan(0);
  });

  it("holds a recovery attempt to the recovery limit in place of the account's, and to the others as usual", async () => {
    const throttle = throttleWith({
      ...NONE,
      accountAddress: [{ count: 3, seconds: 60 }],
      account: [{ count: 1, seconds: 60 }],
      recovery: [{ count: 2, seconds: 60 }],
    });
    expect(await throttle.admit('Alice', '192.0.2.1')).toBe(0);
    expect(await throttle.admit('Alice', '192.0.2.2')).toBeGreaterThan(0);
    // The account's own limit is full; a recovery attempt from a third address is still admitted, twice.
    expect(await throttle.admit('Alice', '192.0.2.3', 'recovery')).toBe(0);
    expect(await throttle.admit('Alice', '192.0.2.4', 'recovery')).toBe(0);
    expect(await throttle.admit('Alice', '192.0.2.5', 'recovery')).toBeGreaterThan(0);
  });

  it('counts recovery attempts under the account-and-address limit too', async () => {
    const throttle = throttleWith({
      ...NONE,
      accountAddress: [{ count: 2, seconds: 60 }],
      recovery: [{ count: 9, seconds: 60 }],
    });
    expect(await throttle.admit('Bob', '192.0.2.6', 'recovery')).toBe(0);
    expect(await throttle.admit('Bob', '192.0.2.6', 'recovery')).toBe(0);
    expect(await throttle.admit('Bob', '192.0.2.6')).toBeGreaterThan(0);
  });

  it('admits everything when every limit is off', async () => {
    const throttle = throttleWith(NONE);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      expect(await throttle.admit('Alice', '192.0.2.1')).toBe(0);
      await throttle.countFailure('192.0.2.1');
    }
  });
});
