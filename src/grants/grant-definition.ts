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

/**
 * OpenID Connect's scopes (Core §5.4, §11) as grants of their own: identity-only like the auth-only grants (no
 * rights), but they combine with each other and with normal grants, since a web app may both sign people in and act
 * for them. Each scope decides which claims the ID Token and UserInfo carry (`oidc/claims/scope-claims.ts`).
 */
export const OIDC_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'offline_access'];

export const OIDC_GROUP = 'openid';

/**
 * The grant that lets an approved confidential OAuth 2 client trade a user's access token issued to another client
 * for one of its own (RFC 8693). It carries no right, so the rights intersection does not tame it: like
 * `introspect` only reviewed consumers may hold it, and a user who authorizes such a client sees it on the consent
 * page and may leave it out.
 */
export const TOKEN_EXCHANGE_GRANT = 'token-exchange';
