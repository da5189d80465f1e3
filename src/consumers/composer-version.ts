/**
 * Composer-style versions as MediaWiki accepts them for consumers ("1.0", "2.1.3", "1.0-beta2", "v3"),
 * compared as PHP's `version_compare` orders them: numbers part by part, then dev < alpha < beta < RC < release.
 */
const VERSION = /^v?(\d+(?:\.\d+){0,3})(?:[-.]?(dev|alpha|a|beta|b|rc|patch|pl|p)\.?(\d*))?$/i;
const STABILITY: Record<string, number> = {
  dev: 0,
  alpha: 1,
  a: 1,
  beta: 2,
  b: 2,
  rc: 3,
  '': 4,
  patch: 5,
  pl: 5,
  p: 5,
};

export function isComposerVersion(version: string): boolean {
  return VERSION.test(version);
}

/** Negative when `a` is lower, 0 when equal, positive when higher; both must be valid versions. */
export function compareVersions(a: string, b: string): number {
  const [left, right] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

function parse(version: string): number[] {
  const match = VERSION.exec(version);
  if (!match) {
    throw new Error(`not a version: ${version}`);
  }
  const numbers = match[1].split('.').map(Number);
  while (numbers.length < 4) {
    numbers.push(0);
  }
  return [...numbers, STABILITY[(match[2] ?? '').toLowerCase()], Number(match[3] || 0)];
}
