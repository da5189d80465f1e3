/** "Never expires" (a TTL of `infinity`, owner-only tokens) is stored as MediaWiki does it: 1000 years ahead. */
const THOUSAND_YEARS_SECONDS = 1000 * 365 * 24 * 3600;

/** The expiry of something issued `now` to live `ttlSeconds` (Infinity allowed), in whole seconds. */
export function expiryAfter(now: Date, ttlSeconds: number): Date {
  const seconds = Number.isFinite(ttlSeconds) ? ttlSeconds : THOUSAND_YEARS_SECONDS;
  return new Date((Math.floor(now.getTime() / 1000) + Math.floor(seconds)) * 1000);
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
