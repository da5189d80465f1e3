export const GRANT_RISKS = ['low', 'vandalism', 'security', 'internal'] as const;

/** MediaWiki's informational risk levels (`$wgGrantRiskGroups`); they label grants on consent pages. */
export type GrantRisk = (typeof GRANT_RISKS)[number];

/** One permission bundle an app may ask for; in OAuth 2 the grant name is the scope. */
export interface GrantDefinition {
  readonly name: string;
  /** Display group (`$wgGrantPermissionGroups`); the group `hidden` marks grants every consumer gets implicitly. */
  readonly group: string;
  readonly risk: GrantRisk;
  readonly rights: readonly string[];
  readonly description: string;
}

export const HIDDEN_GROUP = 'hidden';

/** Identity-only grants (reference §6.2): no rights, they only shape the identity answer. */
export const AUTH_ONLY_GRANTS: readonly string[] = ['mwoauth-authonly', 'mwoauth-authonlyprivate'];
