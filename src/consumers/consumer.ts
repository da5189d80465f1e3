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
  /** Bumped by every change; updates apply only while it still holds the value the editor read. */
  changeCounter: number;
}

export const DEFAULT_RESTRICTIONS: Restrictions = { ipAddresses: ['0.0.0.0/0', '::/0'] };
