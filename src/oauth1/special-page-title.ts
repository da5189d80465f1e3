/** The OAuth 1 subpages of MediaWiki's `Special:OAuth` (reference §4.1). */
export const OAUTH1_SUBPAGES = ['initiate', 'authorize', 'authenticate', 'token', 'identify', 'verified'] as const;
export type Oauth1Subpage = (typeof OAUTH1_SUBPAGES)[number];

/**
 * The subpage named by a MediaWiki title, whatever the spelling clients use: `Special:OAuth/initiate`,
 * `Special%3AOAuth%2Finitiate` (already decoded by the query parser), `special:oauth/initiate`,
 * `Special:OAuth/Initiate`, underscores for spaces. Anything else answers `undefined` (E002 "Unknown URL").
 */
export function subpageOfTitle(title: string): Oauth1Subpage | undefined {
  const match = /^\s*special\s*:\s*oauth\s*\/\s*([a-z_ ]+?)\s*$/i.exec(title.replace(/_/g, ' '));
  const subpage = match?.[1].toLowerCase();
  return OAUTH1_SUBPAGES.find((candidate) => candidate === subpage);
}
