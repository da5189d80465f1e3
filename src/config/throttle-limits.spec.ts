import { parseThrottleLimits } from './throttle-limits';

describe('parseThrottleLimits', () => {
  it('reads count/duration pairs', () => {
    expect(parseThrottleLimits('5/PT5M, 150/P2D')).toEqual([
      { count: 5, seconds: 300 },
      { count: 150, seconds: 172800 },
    ]);
  });

  it('reads off as no limit', () => {
    expect(parseThrottleLimits('off')).toEqual([]);
  });

  it.each(['', '5', '5/', '0/PT5M', '5/PT0S', '5/infinity', 'x/PT5M', '5/PT5M,', '-1/PT5M', '5/300'])(
    'refuses %j',
    (text) => {
      expect(parseThrottleLimits(text)).toBeUndefined();
    },
  );
});
