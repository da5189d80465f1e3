import type { Consumer } from './consumer';

/**
 * The consumer's version for `ETag` / `If-Match` (MediaWiki's "change token", reference §2.8): its id and the
 * counter every change bumps, so any edit makes earlier tags stale.
 */
export function changeToken(consumer: Consumer): string {
  return `"${consumer.key}-${consumer.changeCounter}"`;
}

/**
 * `If-Match` may list several tags or `*`; absent means the caller does not ask for the check. Comparison is
 * strong (RFC 9110 §13.1.1): a weak tag never matches.
 */
export function matchesIfMatch(header: string | undefined, consumer: Consumer): boolean {
  if (header === undefined || header.trim() === '*') {
    return true;
  }
  const current = changeToken(consumer);
  return header.split(',').some((tag) => tag.trim() === current);
}
