import { retryDelay } from './retry-backoff';
import { DEFAULT_WEBHOOK_TIMING } from './webhook-timing';

describe('retryDelay', () => {
  const policy = DEFAULT_WEBHOOK_TIMING.retry;
  const noJitter = () => 0;

  it('doubles from one second and stays at five minutes', () => {
    const delays = [1, 2, 3, 4, 5, 8, 9, 10, 20, 1000].map((attempts) => retryDelay(attempts, policy, noJitter));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 128_000, 256_000, 300_000, 300_000, 300_000]);
  });

  it('only shortens the delay, by at most the jitter fraction', () => {
    expect(retryDelay(3, policy, () => 0.999_999)).toBe(3600);
    expect(retryDelay(50, policy, () => 1)).toBe(270_000);
    for (let i = 0; i < 100; i++) {
      const delay = retryDelay(12, policy);
      expect(delay).toBeGreaterThanOrEqual(270_000);
      expect(delay).toBeLessThanOrEqual(300_000);
    }
  });

  it('treats a first try like the first failure', () => {
    expect(retryDelay(0, policy, noJitter)).toBe(1000);
  });
});
