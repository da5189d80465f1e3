import { createHash } from 'node:crypto';
import type { Consumer } from './consumer';

/**
 * The consumer's version for `ETag` / `If-Match` (MediaWiki's "change token", reference §2.8). It covers every
 * field an edit can change; the secret enters only as a hash, so the tag reveals nothing.
 */
export function changeToken(consumer: Consumer): string {
  const state = JSON.stringify([
    consumer.id,
    consumer.stage,
    consumer.suppressed,
    consumer.stageTimestamp.getTime(),
    consumer.restrictions.ipAddresses,
    consumer.rsaKey,
    consumer.secretKey,
  ]);
  return `"${createHash('sha256').update(state).digest('hex').slice(0, 32)}"`;
}

/** `If-Match` may list several tags or `*`; absent means the caller does not ask for the check. */
export function matchesIfMatch(header: string | undefined, consumer: Consumer): boolean {
  if (header === undefined || header.trim() === '*') {
    return true;
  }
  const current = changeToken(consumer);
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === current);
}
