import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['PT1H', 3600],
    ['P1M', 30 * 86400],
    ['P1DT12H', 86400 + 12 * 3600],
    ['PT90S', 90],
    ['PT0.5S', 0.5],
    ['P2W', 14 * 86400],
    ['P1Y', 365 * 86400],
    ['pt10m', 600],
    ['infinity', Infinity],
  ])('reads %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['soon', '', 'P', 'PT', '1H', 'P1H', 'PT1D', '3600', 'P-1D'])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
