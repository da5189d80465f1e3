import { parseDuration } from './duration';

/** At most `count` attempts within `seconds`, counted from the first (MediaWiki's throttle conditions). */
export interface ThrottleLimit {
  count: number;
  seconds: number;
}

const LIMIT = /^(\d+)\/(\S+)$/;

/**
 * Parses a list of `count/duration` pairs (`5/PT5M,150/P2D`, MediaWiki's `$wgPasswordAttemptThrottle` written as
 * ISO 8601 durations), or `off` for none; undefined when the text is not one.
 */
export function parseThrottleLimits(text: string): ThrottleLimit[] | undefined {
  if (text.trim().toLowerCase() === 'off') {
    return [];
  }
  const limits = text.split(',').map((part) => {
    const match = LIMIT.exec(part.trim());
    const seconds = match ? parseDuration(match[2]) : undefined;
    const count = match ? Number(match[1]) : 0;
    return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 && count > 0
      ? { count, seconds }
      : undefined;
  });
  return limits.every((limit) => limit !== undefined) ? limits : undefined;
}
