import { compareVersions, isComposerVersion } from './composer-version';

describe('composer versions', () => {
  it.each(['1.0', '2', '1.2.3.4', 'v3', '1.0-beta2', '1.0-RC1', '1.0.0-dev', '2.0alpha'])('accepts %s', (version) => {
    expect(isComposerVersion(version)).toBe(true);
  });

  it.each(['foo', '', '1.0.0.0.0', '1..0', 'latest', '1.0 beta'])('refuses %p', (version) => {
    expect(isComposerVersion(version)).toBe(false);
  });

  it.each([
    ['1.0', '2.0', -1],
    ['1.0', '1.0.0', 0],
    ['1.10', '1.9', 1],
    ['1.0-beta', '1.0', -1],
    ['1.0-alpha', '1.0-beta', -1],
    ['1.0-RC1', '1.0-RC2', -1],
    ['1.0-dev', '1.0-alpha', -1],
    ['v2', '2.0', 0],
  ])('orders %s against %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
