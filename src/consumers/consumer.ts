import type { ConsumerStage } from './consumer-stage';

export interface Restrictions {
  ipAddresses: string[];
}

/** A consumer as the rest of the service sees it, whether it lives in the database or in configuration. */
export interface Consumer {
  id: number;
  key: string;
  name: string;
  version: string;
  ownerId: number;
  callbackUrl: string;
  callbackIsPrefix: boolean;
  description: string;
  email: string;
  ownerOnly: boolean;
  wiki: string;
  grants: string[];
  registeredAt: Date;
  /** Stored secret value; never shown. Clients hold the secret derived from it. */
  secretKey: string | null;
  rsaKey: string | null;
  restrictions: Restrictions;
  stage: ConsumerStage;
  stageTimestamp: Date;
  suppressed: boolean;
  oauthVersion: 1 | 2;
  oauth2GrantTypes: string[];
  oauth2IsConfidential: boolean;
  /** Defined in `STATIC_APPS_FILE`: served like the others, never edited through the API. */
  configurationBased: boolean;
  /** Configuration apps only: MediaWiki's `skipAuthorization` (consent is implied for https callbacks). */
  skipAuthorization: boolean;
  /**
   * OpenID Connect RP-Initiated Logout 1.0 §3.1: where a logout may send the browser back to, each compared exactly
   * as redirect URIs are (WHATWG-serialized when registered).
   */
  postLogoutRedirectUris: string[];
  /** OpenID Connect Back-Channel Logout 1.0 §2.2: where logout tokens are POSTed; null for none. */
  backchannelLogoutUri: string | null;
  /** RFC 9449 §5.2 `dpop_bound_access_tokens`: the token endpoint refuses this client's requests without a proof. */
  dpopBoundAccessTokens: boolean;
  /**
   * How the client authenticates at the token, introspection, revocation and PAR endpoints, by RFC 7591 §2's names:
   * a secret (`client_secret_basic` or `client_secret_post`, both accepted either way, as RFC 6749 §2.3.1 lets the
   * server), `private_key_jwt` (RFC 7523 §2.2, OpenID Connect Core §9), or `none` for public clients.
   */
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** RFC 7591 §2 `jwks`: the public keys of a `private_key_jwt` client, inline; null when it has none. */
  jwks: JsonWebKeySet | null;
  /** RFC 7591 §2 `jwks_uri`: where those keys are fetched from instead (https); null when inline or none. */
  jwksUri: string | null;
  /** RFC 9126 §6 `require_pushed_authorization_requests`: the client's authorization requests must be pushed. */
  requirePushedAuthorizationRequests: boolean;
  /** RFC 8707 §2: the resources the client may ask tokens for, as its reviewed proposal lists them. */
  resources: string[];
  /** Bumped by every change; updates apply only while it still holds the value the editor read. */
  changeCounter: number;
}

export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
] as const;

export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** RFC 7517 §5: a set of public JSON Web Keys. */
export interface JsonWebKeySet {
  keys: Record<string, string | string[]>[];
}

export const DEFAULT_RESTRICTIONS: Restrictions = { ipAddresses: ['0.0.0.0/0', '::/0'] };
