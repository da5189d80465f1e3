import type { GrantCatalogue } from './grant-catalogue';

/**
 * The rights an OAuth caller acts with (DESIGN §3, §7; MediaWiki's rule): the user's own rights, kept only where
 * one of the accepted grants carries them. A grant never adds a right the user lacks; auth-only and unknown grants
 * carry none.
 */
export function effectiveRights(
  userRights: Iterable<string>,
  grants: readonly string[],
  catalogue: Pick<GrantCatalogue, 'rightsOf'>,
): Set<string> {
  const granted = catalogue.rightsOf(grants);
  return new Set([...userRights].filter((right) => granted.has(right)));
}
