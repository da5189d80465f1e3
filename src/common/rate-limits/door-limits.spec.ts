import { MemoryRateLimitCounters } from '../../cache/rate-limit-counters';
import type { AppConfig } from '../../config/app-config';
import type { RateLimits } from '../../config/rate-limits';
import { DoorLimits } from './door-limits';
import { RateLimitedException } from './rate-limited.exception';

const NONE: RateLimits = {
  token: [],
  introspection: [],
  revocation: [],
  'device-authorization': [],
  par: [],
  oauth1: [],
  login: [],
  registration: [],
};

function limitsWith(rateLimits: Partial<RateLimits>): DoorLimits {
  const config = { rateLimits: { ...NONE, ...rateLimits } } as AppConfig;
  return new DoorLimits(new MemoryRateLimitCounters('test:rl:'), config);
}

async function refusal(attempt: Promise<unknown>): Promise<RateLimitedException> {
  const error: unknown = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RateLimitedException);
  return error as RateLimitedException;
}

class Refused extends Error {}
const isRefused = (error: unknown) => error instanceof Refused;

describe('DoorLimits', () => {
  describe('admit (every request counts)', () => {
    it('admits the configured count per window, then refuses with the seconds left in the window', async () => {
      const limits = limitsWith({ login: [{ count: 3, seconds: 60 }] });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await limits.admit('login', '192.0.2.1');
      }
      const refused = await refusal(limits.admit('login', '192.0.2.1'));
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBeGreaterThan(0);
      expect(refused.retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers).toEqual({ 'Retry-After': String(refused.retryAfter) });
    });

    it('counts each address, and each door, on its own', async () => {
      const limits = limitsWith({ login: [{ count: 1, seconds: 60 }], registration: [{ count: 1, seconds: 60 }] });
      await limits.admit('login', '192.0.2.1');
      await limits.admit('login', '192.0.2.2');
      await limits.admit('registration', '192.0.2.1');
      await refusal(limits.admit('login', '192.0.2.1'));
    });

    it('counts an IPv6 /64 as one source, and IPv4-mapped addresses as IPv4', async () => {
      const limits = limitsWith({ login: [{ count: 1, seconds: 60 }] });
      await limits.admit('login', '2001:db8:1:2::1');
      await refusal(limits.admit('login', '2001:db8:1:2:ffff::9'));
      await limits.admit('login', '192.0.2.7');
      await refusal(limits.admit('login', '::ffff:192.0.2.7'));
    });

    it('applies every limit of a door, and none when the door is off', async () => {
      const limits = limitsWith({
        login: [
          { count: 5, seconds: 60 },
          { count: 2, seconds: 3600 },
        ],
      });
      await limits.admit('login', '192.0.2.1');
      await limits.admit('login', '192.0.2.1');
      expect((await refusal(limits.admit('login', '192.0.2.1'))).retryAfter).toBeGreaterThan(60);
      for (let attempt = 0; attempt < 50; attempt += 1) {
        await limits.admit('par', '192.0.2.1');
      }
    });
  });

  describe('limitRefusals (refused requests count)', () => {
    it('never counts answered requests', async () => {
      const limits = limitsWith({ token: [{ count: 2, seconds: 60 }] });
      for (let request = 0; request < 10; request += 1) {
        await expect(limits.limitRefusals('token', '192.0.2.1', () => Promise.resolve('ok'), isRefused)).resolves.toBe(
          'ok',
        );
      }
    });

    it("answers the door's own refusals until the count is used up, then refuses before running the request", async () => {
      const limits = limitsWith({ token: [{ count: 2, seconds: 60 }] });
      const run = vi.fn(() => Promise.reject(new Refused()));
      await expect(limits.limitRefusals('token', '192.0.2.1', run, isRefused)).rejects.toBeInstanceOf(Refused);
      await expect(limits.limitRefusals('token', '192.0.2.1', run, isRefused)).rejects.toBeInstanceOf(Refused);
      const good = vi.fn(() => Promise.resolve('ok'));
      await refusal(limits.limitRefusals('token', '192.0.2.1', good, isRefused));
      expect(good).not.toHaveBeenCalled();
      await expect(limits.limitRefusals('token', '192.0.2.2', good, isRefused)).resolves.toBe('ok');
    });

    it('does not count failures the door does not call refusals (flow steps, server errors)', async () => {
      const limits = limitsWith({ token: [{ count: 1, seconds: 60 }] });
      for (let request = 0; request < 5; request += 1) {
        await expect(
          limits.limitRefusals('token', '192.0.2.1', () => Promise.reject(new Error('pending')), isRefused),
        ).rejects.toThrow('pending');
      }
      await expect(limits.limitRefusals('token', '192.0.2.1', () => Promise.resolve(1), isRefused)).resolves.toBe(1);
    });

    it('turns the refusal that is one too many into a RateLimitedException', async () => {
      const limits = limitsWith({ introspection: [{ count: 1, seconds: 60 }] });
      // Two requests in flight together both pass the in-process check; the second refusal is over the count.
      const both = await Promise.allSettled([
        limits.limitRefusals('introspection', '192.0.2.1', () => Promise.reject(new Refused()), isRefused),
        limits.limitRefusals('introspection', '192.0.2.1', () => Promise.reject(new Refused()), isRefused),
      ]);
      const reasons = both.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : undefined));
      expect(reasons.filter((reason) => reason instanceof Refused)).toHaveLength(1);
      expect(reasons.filter((reason) => reason instanceof RateLimitedException)).toHaveLength(1);
    });
  });
});
