/** Characters MediaWiki never allows in a user name (they would break titles or links). */
export const FORBIDDEN_NAME_CHARACTERS = /[#<>[\]|{}/@:=]/;

/**
 * MediaWiki's canonical form of a user name: underscores read as spaces, runs of spaces collapsed, the first
 * letter upper-cased. "alice_smith" and "Alice smith" are the same account.
 */
export function canonicalUserName(name: string): string {
  const spaced = name.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
